using SendWorkflows.Domain;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Workflows.InMemory;

/// <summary>The monitoring-visit register of a simulation or a test, by plan id.</summary>
public sealed class InMemoryMonitoringVisitRegister : IMonitoringVisitRegister
{
    readonly SortedDictionary<string, MonitoringVisitEntry> byPlan = new(StringComparer.Ordinal);

    // The digest index: plan ids by the month their visit is due.
    readonly InMemoryDigestBuckets byDueMonth = new();
    readonly Lock gate = new();

    public Task UpsertAsync(MonitoringVisitEntry entry, CancellationToken cancellationToken = default)
    {
        Upsert(entry);
        return Task.CompletedTask;
    }

    public void Upsert(MonitoringVisitEntry entry)
    {
        lock (gate)
        {
            var old = byPlan.GetValueOrDefault(entry.PlanId);
            byPlan[entry.PlanId] = entry;
            byDueMonth.Refile(entry.PlanId, old is null ? null : DigestIndex.For(old), DigestIndex.For(entry));
        }
    }

    public IAsyncEnumerable<MonitoringVisitEntry> DueByAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        DueBy(until).ToAsync(cancellationToken);

    /// <summary>The monitored placements whose visit is due in a month up to <paramref name="until"/>'s.</summary>
    public IReadOnlyList<MonitoringVisitEntry> DueBy(DateOnly until)
    {
        lock (gate)
        {
            return [.. byDueMonth.Read(until).Select(id => byPlan[id])];
        }
    }

    public Task<MonitoringVisitEntry?> FindAsync(string planId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(byPlan.GetValueOrDefault(planId));
        }
    }

    public IAsyncEnumerable<MonitoringVisitEntry> AllAsync(CancellationToken cancellationToken = default) =>
        All().ToAsync(cancellationToken);

    public IReadOnlyList<MonitoringVisitEntry> All()
    {
        lock (gate)
        {
            return [.. byPlan.Values];
        }
    }
}
