using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.InMemory;

namespace SendWorkflows.Host.Simulation;

/// <summary>One register write and the simulated instant it was made at.</summary>
readonly record struct TimedRegisterWrite(DateTimeOffset At, RegisteredPlan Plan);

/// <summary>A shard's register: the usual in-memory one, which also keeps every write with the virtual time it was made at.</summary>
sealed class TimedPlanRegister(TimeProvider clock) : IPlanRegister
{
    readonly InMemoryPlanRegister current = new();
    readonly List<TimedRegisterWrite> writes = [];
    readonly Lock gate = new();

    /// <summary>Every write so far, in the order made.</summary>
    public IReadOnlyList<TimedRegisterWrite> Writes
    {
        get
        {
            lock (gate)
            {
                return [.. writes];
            }
        }
    }

    public async Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            writes.Add(new TimedRegisterWrite(clock.GetUtcNow(), plan));
        }

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
    readonly TimeProvider clock;
    readonly TimedRegisterWrite[] writes;
    readonly Lock gate = new();
    int applied;

    // The register as of the clock, kept only as the council reads it (no dashboard index, ADR 0109): each plan, and the
    // ids filed under each digest bucket, as the in-memory register files them.
    readonly Dictionary<string, RegisteredPlan> byPlan = new(StringComparer.Ordinal);
    readonly InMemoryDigestBuckets byDigestBucket = new();

    /// <param name="writes">Each shard's writes in the order made; a plan's writes all come from one shard.</param>
    public RegisterAtClock(TimeProvider clock, IEnumerable<TimedRegisterWrite> writes)
    {
        this.clock = clock;
        // A stable sort: writes to one plan keep their order.
        this.writes = [.. writes.OrderBy(w => w.At.UtcTicks)];
    }

    public Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The council pass reads the register the shards wrote; it does not write it.");

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            CatchUp();
            return Task.FromResult(byPlan.GetValueOrDefault(planId));
        }
    }

    /// <summary>Every plan, by plan id (the termly lists group settings in this order).</summary>
    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default)
    {
        List<RegisteredPlan> all;
        lock (gate)
        {
            CatchUp();
            all = [.. byPlan.Values];
        }

        all.Sort(static (a, b) => string.CompareOrdinal(a.PlanId, b.PlanId));
        return all.ToAsyncEnumerable();
    }

    /// <summary>The plans filed under the buckets a digest looking ahead to <paramref name="until"/> reads, bucket by bucket, each by plan id.</summary>
    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default)
    {
        var read = new List<RegisteredPlan>();
        lock (gate)
        {
            CatchUp();
            read.AddRange(byDigestBucket.Read(until).Select(id => byPlan[id]));
        }

        return read.ToAsyncEnumerable();
    }

    /// <summary>Applies the writes made before now (the clock only moves forward).</summary>
    void CatchUp()
    {
        var now = clock.GetUtcNow().UtcTicks;
        for (; applied < writes.Length && writes[applied].At.UtcTicks < now; applied++)
        {
            var plan = writes[applied].Plan;
            var old = byPlan.GetValueOrDefault(plan.PlanId);
            byPlan[plan.PlanId] = plan;
            byDigestBucket.Refile(plan.PlanId, old is null ? null : DigestIndex.For(old.Entry), DigestIndex.For(plan.Entry));
        }
    }
}
