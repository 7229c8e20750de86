using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Workflows.InMemory;

/// <summary>The plan register of a simulation or a test: one entry per plan, by plan id.</summary>
public sealed partial class InMemoryPlanRegister : IPlanRegister
{
    readonly SortedDictionary<string, RegisteredPlan> byPlan = new(StringComparer.Ordinal);

    // The digest index: plan ids by DigestIndex bucket (months sort before "always").
    readonly InMemoryDigestBuckets byDigestBucket = new();
    readonly Lock gate = new();

    public Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        Upsert(plan);
        return Task.CompletedTask;
    }

    public void Upsert(RegisteredPlan plan)
    {
        lock (gate)
        {
            var old = byPlan.GetValueOrDefault(plan.PlanId);
            Index(old, plan);
            byPlan[plan.PlanId] = plan;
            byDigestBucket.Refile(plan.PlanId, old is null ? null : DigestIndex.For(old.Entry), DigestIndex.For(plan.Entry));
        }
    }

    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        ForWeeklyDigest(until).ToAsync(cancellationToken);

    /// <summary>The plans filed under the buckets a digest looking ahead to <paramref name="until"/> reads.</summary>
    public IReadOnlyList<RegisteredPlan> ForWeeklyDigest(DateOnly until)
    {
        lock (gate)
        {
            return [.. byDigestBucket.Read(until).Select(id => byPlan[id])];
        }
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
