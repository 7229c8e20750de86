using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.InMemory;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// A shard's register: each plan as it stands, and every write with the virtual time it was made at. The shard's own
/// workflows only write and find plans; the digest and the dashboard read the council's register (<see cref="RegisterAtClock"/>),
/// so no index is kept here (the in-memory register's indexes were 2 % of a simulated year's CPU).
/// </summary>
sealed class TimedPlanRegister(TimeProvider clock) : IPlanRegister
{
    readonly Dictionary<string, RegisteredPlan> byPlan = new(StringComparer.Ordinal);
    readonly WriteTimeline<RegisteredPlan> timeline = new(clock);
    readonly Lock gate = new();

    /// <summary>Every write so far, in the order made.</summary>
    public IReadOnlyList<TimedWrite<RegisteredPlan>> Writes => timeline.Writes;

    public Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            timeline.Add(plan);
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

    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default) => All().ToAsyncEnumerable();

    /// <summary>Read by no shard workflow: answered from an in-memory register filed with every plan, as it would be.</summary>
    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default)
    {
        var indexed = new InMemoryPlanRegister();
        foreach (var plan in All())
        {
            indexed.Upsert(plan);
        }

        return indexed.ForWeeklyDigestAsync(until, cancellationToken);
    }

    /// <summary>Every plan as it stands now, by plan id.</summary>
    public IReadOnlyList<RegisteredPlan> All()
    {
        lock (gate)
        {
            return [.. byPlan.Values.OrderBy(p => p.PlanId, StringComparer.Ordinal)];
        }
    }
}

/// <summary>
/// The whole council's register as it stood at the clock's current time, rebuilt from the shards' timed writes: what a
/// council-wide workflow would have read had every plan run in one runtime beside it. A write made at the same instant
/// as the read does not count yet: council lists are compiled at <c>ListTime</c>, before anything else that moment does.
/// Read-only: the council workflows never write the register.
/// </summary>
sealed class RegisterAtClock : IPlanRegister
{
    readonly WritesAtClock<RegisteredPlan> writes;

    // The register as of the clock, kept only as the council reads it (no dashboard index, ADR 0109): each plan, and the
    // ids filed under each digest bucket, as the in-memory register files them. The buckets are filed from the first
    // digest read on: the group without the digest (ADR 0109) never reads them, so never pays for them.
    readonly Dictionary<string, RegisteredPlan> byPlan = new(StringComparer.Ordinal);
    InMemoryDigestBuckets? byDigestBucket;

    // Every plan id by plan id, as of the last read of all plans, and the ids first written since: a plan never leaves
    // the register, so each read of all plans sorts only the newcomers and merges them in (at England's 640,000 plans
    // the monthly report and the termly lists read them all each time, ADR 0138).
    List<string> idsInOrder = [];
    readonly List<string> idsSinceLastRead = [];

    public RegisterAtClock(TimeProvider clock, WritesInTimeOrder<RegisteredPlan> writes) =>
        this.writes = new(clock, writes, Apply);

    public Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The council pass reads the register the shards wrote; it does not write it.");

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default) =>
        Task.FromResult(writes.Read(() => byPlan.GetValueOrDefault(planId)));

    /// <summary>Every plan, by plan id (the termly lists group settings in this order).</summary>
    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default)
    {
        return writes.Read(() =>
        {
            MergeNewIds();
            var all = new RegisteredPlan[idsInOrder.Count];
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = byPlan[idsInOrder[i]];
            }

            return all;
        }).ToAsyncEnumerable();
    }

    /// <summary>Files the plan ids first written since the last read of all plans into <see cref="idsInOrder"/>.</summary>
    void MergeNewIds()
    {
        if (idsSinceLastRead.Count == 0)
        {
            return;
        }

        idsSinceLastRead.Sort(StringComparer.Ordinal);
        idsInOrder = [.. OrderedMerge.Merge([idsInOrder, idsSinceLastRead], StringComparer.Ordinal)];
        idsSinceLastRead.Clear();
    }

    /// <summary>The plans filed under the buckets a digest looking ahead to <paramref name="until"/> reads, bucket by bucket, each by plan id.</summary>
    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        writes.Read(() => DigestBuckets().Read(until).Select(id => byPlan[id]).ToList()).ToAsyncEnumerable();

    void Apply(RegisteredPlan plan)
    {
        var old = byPlan.GetValueOrDefault(plan.PlanId);
        byPlan[plan.PlanId] = plan;
        if (old is null)
        {
            idsSinceLastRead.Add(plan.PlanId);
        }

        byDigestBucket?.Refile(plan.PlanId, old is null ? null : DigestIndex.For(old.Entry), DigestIndex.For(plan.Entry));
    }

    /// <summary>The digest buckets as of the writes applied so far, filing every plan on the first call.</summary>
    InMemoryDigestBuckets DigestBuckets()
    {
        if (byDigestBucket is null)
        {
            byDigestBucket = new InMemoryDigestBuckets();
            foreach (var plan in byPlan.Values)
            {
                byDigestBucket.Refile(plan.PlanId, null, DigestIndex.For(plan.Entry));
            }
        }

        return byDigestBucket;
    }
}
