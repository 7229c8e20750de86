using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.InMemory;

/// <summary>The monitoring-visit register of a simulation or a test, by plan id.</summary>
public sealed class InMemoryMonitoringVisitRegister : IMonitoringVisitRegister
{
    readonly SortedDictionary<string, MonitoringVisitEntry> byPlan = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    public Task UpsertAsync(MonitoringVisitEntry entry, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            byPlan[entry.PlanId] = entry;
        }

        return Task.CompletedTask;
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
