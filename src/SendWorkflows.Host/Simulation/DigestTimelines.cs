using SendWorkflows.Domain;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.InMemory;

namespace SendWorkflows.Host.Simulation;

/// <summary>One write a shard made to a store the weekly digest reads, and the simulated instant it was made at.</summary>
readonly record struct TimedWrite<T>(DateTimeOffset At, T Value);

/// <summary>An open-assessments index write: <see cref="Opened"/> set, or the case whose assessment <see cref="Closed"/>.</summary>
sealed record AssessmentIndexWrite(RunningAssessment? Opened, string? Closed);

/// <summary>Keeps a shard's writes to one store with the virtual time of each, in the order made.</summary>
sealed class WriteTimeline<T>(TimeProvider clock)
{
    readonly List<TimedWrite<T>> writes = [];
    readonly Lock gate = new();

    public void Add(T value)
    {
        lock (gate)
        {
            writes.Add(new TimedWrite<T>(clock.GetUtcNow(), value));
        }
    }

    public IReadOnlyList<TimedWrite<T>> Writes
    {
        get
        {
            lock (gate)
            {
                return [.. writes];
            }
        }
    }
}

/// <summary>
/// Every shard's writes to one store in the order the council pass's clock reaches them. A store's writes for one case
/// all come from one shard, so a stable sort by time keeps their order. Sorted once and shared, read-only, by the
/// council pass's groups (ADR 0109), each replaying it into a view of its own (<see cref="WritesAtClock{T}"/>).
/// </summary>
sealed class WritesInTimeOrder<T>(IEnumerable<TimedWrite<T>> writes)
{
    public IReadOnlyList<TimedWrite<T>> Writes { get; } = [.. writes.OrderBy(w => w.At.UtcTicks)];
}

/// <summary>
/// Replays every shard's timed writes into a store as the council pass's clock reaches them: a write made before the
/// clock's current instant counts, one made at it does not yet (council lists are compiled at <c>ListTime</c>, before
/// anything else that moment does).
/// </summary>
sealed class WritesAtClock<T>(TimeProvider clock, WritesInTimeOrder<T> inTimeOrder, Action<T> apply)
{
    readonly IReadOnlyList<TimedWrite<T>> writes = inTimeOrder.Writes;
    readonly Lock gate = new();
    int applied;

    /// <summary>Applies the writes made before now, then runs <paramref name="read"/> under the same lock.</summary>
    public TResult Read<TResult>(Func<TResult> read)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            for (; applied < writes.Count && writes[applied].At < now; applied++)
            {
                apply(writes[applied].Value);
            }

            return read();
        }
    }
}

/// <summary>A shard's monitoring-visit register: the usual in-memory one, which also keeps every write with its time.</summary>
sealed class TimedMonitoringVisitRegister(TimeProvider clock) : IMonitoringVisitRegister
{
    readonly InMemoryMonitoringVisitRegister current = new();
    readonly WriteTimeline<MonitoringVisitEntry> timeline = new(clock);

    public IReadOnlyList<TimedWrite<MonitoringVisitEntry>> Writes => timeline.Writes;

    public Task UpsertAsync(MonitoringVisitEntry entry, CancellationToken cancellationToken = default)
    {
        timeline.Add(entry);
        return current.UpsertAsync(entry, cancellationToken);
    }

    public Task<MonitoringVisitEntry?> FindAsync(string planId, CancellationToken cancellationToken = default) => current.FindAsync(planId, cancellationToken);

    public IAsyncEnumerable<MonitoringVisitEntry> AllAsync(CancellationToken cancellationToken = default) => current.AllAsync(cancellationToken);

    public IAsyncEnumerable<MonitoringVisitEntry> DueByAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        current.DueByAsync(until, cancellationToken);

    public IReadOnlyList<MonitoringVisitEntry> All() => current.All();
}

/// <summary>The whole council's monitoring-visit register as it stood at the council pass's clock. Read-only.</summary>
sealed class MonitoringVisitsAtClock : IMonitoringVisitRegister
{
    readonly InMemoryMonitoringVisitRegister asOf = new();
    readonly WritesAtClock<MonitoringVisitEntry> writes;

    public MonitoringVisitsAtClock(TimeProvider clock, WritesInTimeOrder<MonitoringVisitEntry> writes) =>
        this.writes = new(clock, writes, asOf.Upsert);

    public Task UpsertAsync(MonitoringVisitEntry entry, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The council pass reads the monitoring visits the shards wrote; it does not write them.");

    public Task<MonitoringVisitEntry?> FindAsync(string planId, CancellationToken cancellationToken = default) =>
        writes.Read(() => asOf.FindAsync(planId, cancellationToken));

    public IAsyncEnumerable<MonitoringVisitEntry> AllAsync(CancellationToken cancellationToken = default) => writes.Read(asOf.All).ToAsyncEnumerable();

    public IAsyncEnumerable<MonitoringVisitEntry> DueByAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        writes.Read(() => asOf.DueBy(until)).ToAsyncEnumerable();
}

/// <summary>A shard's open-assessments index: the usual in-memory one, which also keeps every write with its time.</summary>
sealed class TimedOpenAssessments(TimeProvider clock) : IOpenAssessments
{
    readonly InMemoryOpenAssessments current = new();
    readonly WriteTimeline<AssessmentIndexWrite> timeline = new(clock);

    public IReadOnlyList<TimedWrite<AssessmentIndexWrite>> Writes => timeline.Writes;

    public Task OpenAsync(RunningAssessment assessment, CancellationToken cancellationToken = default)
    {
        timeline.Add(new AssessmentIndexWrite(assessment, null));
        return current.OpenAsync(assessment, cancellationToken);
    }

    public Task CloseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        timeline.Add(new AssessmentIndexWrite(null, caseId));
        return current.CloseAsync(caseId, cancellationToken);
    }

    public IAsyncEnumerable<RunningAssessment> ListOpenAsync(CancellationToken cancellationToken = default) => current.ListOpenAsync(cancellationToken);
}

/// <summary>The whole council's open assessments as they stood at the council pass's clock. Read-only.</summary>
sealed class OpenAssessmentsAtClock : IOpenAssessments
{
    readonly InMemoryOpenAssessments asOf = new();
    readonly WritesAtClock<AssessmentIndexWrite> writes;

    public OpenAssessmentsAtClock(TimeProvider clock, WritesInTimeOrder<AssessmentIndexWrite> writes) =>
        this.writes = new(clock, writes, Apply);

    public Task OpenAsync(RunningAssessment assessment, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task CloseAsync(string caseId, CancellationToken cancellationToken = default) => throw ReadOnly();

    public IAsyncEnumerable<RunningAssessment> ListOpenAsync(CancellationToken cancellationToken = default) => writes.Read(asOf.All).ToAsyncEnumerable();

    void Apply(AssessmentIndexWrite write)
    {
        if (write.Opened is { } opened)
        {
            asOf.Open(opened);
        }
        else
        {
            asOf.Close(write.Closed!);
        }
    }

    static InvalidOperationException ReadOnly() =>
        new("The council pass reads the assessments the shards opened and closed; it does not write them.");
}
