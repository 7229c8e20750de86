using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.InMemory;

namespace SendWorkflows.Host.Simulation;

/// <summary>A shard's register: the usual in-memory one, which also keeps every write with the virtual time it was made at.</summary>
sealed class TimedPlanRegister(TimeProvider clock) : IPlanRegister
{
    readonly InMemoryPlanRegister current = new();
    readonly WriteTimeline<RegisteredPlan> timeline = new(clock);

    /// <summary>Every write so far, in the order made.</summary>
    public IReadOnlyList<TimedWrite<RegisteredPlan>> Writes => timeline.Writes;

    public async Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        timeline.Add(plan);
        await current.UpsertAsync(plan, cancellationToken);
    }

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default) => current.FindAsync(planId, cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default) => current.AllAsync(cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        current.ForWeeklyDigestAsync(until, cancellationToken);

    /// <summary>Every plan as it stands now, by plan id.</summary>
    public IReadOnlyList<RegisteredPlan> All() => current.All();
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
