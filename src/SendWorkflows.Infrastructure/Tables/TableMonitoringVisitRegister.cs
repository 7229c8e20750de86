using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary><see cref="IMonitoringVisitRegister"/> in the <c>monitoringvisits</c> table, one row per plan.</summary>
public sealed class TableMonitoringVisitRegister(TableServiceClient service) : IMonitoringVisitRegister
{
    public const string TableName = "monitoringvisits";
    const string Partition = "plan";
    readonly JsonEntityTable<MonitoringVisitEntry> table = new(service, TableName);

    public Task UpsertAsync(MonitoringVisitEntry entry, CancellationToken cancellationToken = default) =>
        table.UpsertAsync(Partition, TableKeys.Escape(entry.PlanId), entry,
            new Dictionary<string, object?> { ["VisitDueOn"] = entry.VisitDueOn?.ToString("yyyy-MM-dd") }, cancellationToken);

    public Task<MonitoringVisitEntry?> FindAsync(string planId, CancellationToken cancellationToken = default) =>
        table.GetAsync(Partition, TableKeys.Escape(planId), cancellationToken);

    public IAsyncEnumerable<MonitoringVisitEntry> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);
}
