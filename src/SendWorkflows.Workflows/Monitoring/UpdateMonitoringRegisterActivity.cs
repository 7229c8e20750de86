using Microsoft.DurableTask;
using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.Monitoring;

/// <summary>Writes a plan's line of the monitoring-visit register.</summary>
public sealed class UpdateMonitoringRegisterActivity(IMonitoringVisitRegister register) : TaskActivity<MonitoringVisitEntry, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, MonitoringVisitEntry input)
    {
        await register.UpsertAsync(input);
        return true;
    }
}
