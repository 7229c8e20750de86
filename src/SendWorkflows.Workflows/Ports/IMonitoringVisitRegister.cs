using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;

/// <summary>
/// The monitoring-visit register: one entry per plan that has (or had) a monitoring workflow, kept by that workflow.
/// The dashboard, the weekly digest and the KPIs read it instead of the workflows' histories.
/// </summary>
public interface IMonitoringVisitRegister
{
    Task UpsertAsync(MonitoringVisitEntry entry, CancellationToken cancellationToken = default);

    Task<MonitoringVisitEntry?> FindAsync(string planId, CancellationToken cancellationToken = default);

    IAsyncEnumerable<MonitoringVisitEntry> AllAsync(CancellationToken cancellationToken = default);
}
