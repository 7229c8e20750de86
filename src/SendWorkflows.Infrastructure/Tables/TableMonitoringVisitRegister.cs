using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// <see cref="IMonitoringVisitRegister"/> in the <c>monitoringvisits</c> table, one row per plan, with the weekly
/// digest's index by due month (<see cref="DigestIndexRows{T}"/>).
/// </summary>
public sealed class TableMonitoringVisitRegister : IMonitoringVisitRegister
{
    public const string TableName = "monitoringvisits";
    const string Partition = "plan";
    readonly JsonEntityTable<MonitoringVisitEntry> table;
    readonly DigestIndexRows<MonitoringVisitEntry> digest;

    public TableMonitoringVisitRegister(TableServiceClient service)
    {
        table = new(service, TableName);
        digest = new(table, Partition);
    }

    public Task UpsertAsync(MonitoringVisitEntry entry, CancellationToken cancellationToken = default) =>
        digest.UpsertAsync(TableKeys.Escape(entry.PlanId), entry, DigestIndex.For(entry),
            new Dictionary<string, object?> { ["VisitDueOn"] = entry.VisitDueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);

    public Task<MonitoringVisitEntry?> FindAsync(string planId, CancellationToken cancellationToken = default) =>
        table.GetAsync(Partition, TableKeys.Escape(planId), cancellationToken);

    /// <summary>
    /// A page's plans in a few queries of many keys rather than a point read each (<see cref="JsonEntityTable{T}.GetManyAsync"/>).
    /// A long list (a CSV of thousands of plans) reads the register's rows once instead: it has a row per monitored
    /// placement, about a tenth of the plans, fewer than the list's own plans and cheaper than a query per 14 of them.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, MonitoringVisitEntry>> FindManyAsync(IEnumerable<string> planIds, CancellationToken cancellationToken = default)
    {
        var wanted = planIds.ToHashSet(StringComparer.Ordinal);
        if (wanted.Count <= ManyKeysAtMost)
        {
            return (await table.GetManyAsync(Partition, wanted.Select(TableKeys.Escape), cancellationToken)).Values.ToDictionary(v => v.PlanId, StringComparer.Ordinal);
        }

        var found = new Dictionary<string, MonitoringVisitEntry>(StringComparer.Ordinal);
        await foreach (var entry in table.QueryAsync(Partition, cancellationToken))
        {
            if (wanted.Contains(entry.PlanId))
            {
                found[entry.PlanId] = entry;
            }
        }

        return found;
    }

    const int ManyKeysAtMost = 200;

    public IAsyncEnumerable<MonitoringVisitEntry> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);

    public IAsyncEnumerable<MonitoringVisitEntry> DueByAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        digest.ReadAsync(until, cancellationToken);

    /// <summary>Files the rows written before the digest index existed, once (ADR 0115); returns how many.</summary>
    public Task<int> BackfillDigestIndexAsync(CancellationToken cancellationToken = default) =>
        digest.BackfillAsync(value => UpsertAsync(value, cancellationToken), cancellationToken);
}
