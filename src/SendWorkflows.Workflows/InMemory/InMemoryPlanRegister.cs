using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Workflows.InMemory;

/// <summary>The plan register of a simulation or a test: one entry per plan, by plan id.</summary>
public sealed partial class InMemoryPlanRegister : IPlanRegister
{
    readonly SortedDictionary<string, RegisteredPlan> byPlan = new(StringComparer.Ordinal);

    // The digest index: plan ids by DigestIndex bucket (months sort before "always").
    readonly SortedDictionary<string, SortedSet<string>> byDigestBucket = new(StringComparer.Ordinal);
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
            if (old is not null && DigestIndex.For(old.Entry) is { } oldBucket)
            {
                byDigestBucket[oldBucket].Remove(plan.PlanId);
            }

            byPlan[plan.PlanId] = plan;
            if (DigestIndex.For(plan.Entry) is { } bucket)
            {
                if (!byDigestBucket.TryGetValue(bucket, out var plans))
                {
                    byDigestBucket[bucket] = plans = new SortedSet<string>(StringComparer.Ordinal);
                }

                plans.Add(plan.PlanId);
            }
        }
    }

    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        ForWeeklyDigest(until).ToAsync(cancellationToken);

    /// <summary>The plans filed under the buckets a digest looking ahead to <paramref name="until"/> reads.</summary>
    public IReadOnlyList<RegisteredPlan> ForWeeklyDigest(DateOnly until)
    {
        lock (gate)
        {
            return [.. byDigestBucket.Where(b => DigestIndex.IsRead(b.Key, until)).SelectMany(b => b.Value).Select(id => byPlan[id])];
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
