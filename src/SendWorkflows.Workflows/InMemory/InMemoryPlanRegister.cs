namespace SendWorkflows.Workflows.InMemory;

/// <summary>The plan register of a simulation or a test: one entry per plan, by plan id.</summary>
public sealed partial class InMemoryPlanRegister : IPlanRegister
{
    readonly SortedDictionary<string, RegisteredPlan> byPlan = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    public Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            Index(byPlan.GetValueOrDefault(plan.PlanId), plan);
            byPlan[plan.PlanId] = plan;
        }

        return Task.CompletedTask;
    }

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(byPlan.GetValueOrDefault(planId));
        }
    }

    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default) =>
        All().ToAsync(cancellationToken);

    /// <summary>Every plan, by plan id.</summary>
    public IReadOnlyList<RegisteredPlan> All()
    {
        lock (gate)
        {
            return [.. byPlan.Values];
        }
    }
}
