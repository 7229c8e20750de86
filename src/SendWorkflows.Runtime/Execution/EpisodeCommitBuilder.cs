using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime.Execution;

/// <summary>
/// Turns an episode's decisions into one partition commit: history to append, timers as future inbox messages,
/// activities as work items, and messages for other instances into the outbox. Message ids are derived from the
/// generation and task id, so writing the same decision twice can only overwrite, never duplicate.
/// A struct, and lists made only for what an episode adds: one is built for every wake of every instance.
/// </summary>
readonly struct EpisodeCommitBuilder(
    InstanceRecord record,
    IReadOnlyDictionary<string, InboxMessage> existingMessages,
    IReadOnlyCollection<string> existingActivityIds,
    DateTimeOffset now)
{
    /// <summary>
    /// The commit of an episode that consumed <paramref name="consumed"/>, which becomes the commit's list of messages
    /// to remove (the caller hands it over). The commit's record is the row as it was: <c>Row</c> is what the episode
    /// makes of it, for the processor to write with the wake time and lease that follow from the whole commit.
    /// </summary>
    public (InstanceCommit Changes, EpisodeRow Row) Build(string etag, OrchestrationSession session, EpisodeResult result, List<string> consumed)
    {
        var generation = record.Generation;
        // Made on first use, at most one item per action: most episodes add a timer or an activity, and nothing else.
        List<InboxMessage>? addMessages = null;
        List<ActivityWorkItem>? addActivities = null;
        List<OutboxMessage>? addOutbox = null;
        // Lists, not sets: an episode consumes a message or two and cancels a timer or two.
        var remove = consumed;
        var ended = result.Outcome is not null;
        var cancelled = result.CancelledTimers;
        var actions = result.Actions.Count;

        for (var i = 0; i < actions; i++)
        {
            var action = result.Actions[i];
            switch (action.Event)
            {
                case TaskScheduled t when !ended:
                    (addActivities ??= new(actions)).Add(new ActivityWorkItem(Id("act", generation, t.TaskId), generation, t.TaskId, t.Name, t.Input) { InputValue = action.Value });
                    break;
                case TimerCreated t when !ended && !cancelled.Contains(t.TaskId):
                    (addMessages ??= new(actions)).Add(new InboxMessage(Id("timer", generation, t.TaskId), t.FireAt, new TimerFired(t.TaskId, t.FireAt), generation));
                    break;
                case SubOrchestrationCreated s:
                    (addOutbox ??= new(actions)).Add(StartChild(s, generation));
                    break;
                case EventSent e:
                    // A payload handed over goes along without JSON (reading e.Input would write it): the event writes it if read (ADR 0141).
                    (addOutbox ??= new(actions)).Add(new OutboxMessage(Id("out", generation, e.TaskId), e.InstanceId,
                        new InboxMessage(string.Create(CultureInfo.InvariantCulture, $"event|{record.InstanceId}|{generation}|{e.TaskId}"), now, new EventRaised(e.Name, e.InputValue is null ? e.Input : null) { InputValue = e.InputValue }),
                        null, null));
                    break;
            }
        }

        for (var i = 0; i < cancelled.Count; i++)
        {
            var timerId = Id("timer", generation, cancelled[i]);
            if (existingMessages.ContainsKey(timerId) && !remove.Contains(timerId))
            {
                remove.Add(timerId);
            }
        }

        var next = EpisodeRow.Of(record) with
        {
            HistoryCount = session.HistoryCount,
            CustomStatus = result.CustomStatus,
            LastUpdatedAt = now,
            Status = OrchestrationRuntimeStatus.Running,
        };
        IReadOnlyList<HistoryEvent> appendHistory = result.NewHistory;
        IReadOnlyList<string> removeActivities = [];

        switch (result.Outcome)
        {
            case { ContinueAsNew: { } request }:
                // A new generation: old history is discarded by the store; old timers and results can no longer apply.
                var nextGeneration = generation + 1;
                next = next with { Generation = nextGeneration, HistoryCount = 0, NewInput = request, Version = NullIfEmpty(request.Version) };
                appendHistory = [];
                foreach (var stale in existingMessages.Values.Where(m => m.Generation is not null))
                {
                    if (!remove.Contains(stale.Id))
                    {
                        remove.Add(stale.Id);
                    }
                }

                addMessages = [];
                addActivities = null;
                removeActivities = [.. existingActivityIds];
                addMessages.Add(new InboxMessage(Id("start", nextGeneration), now, new ExecutionStarted(record.Name, request.Input) { Version = NullIfEmpty(request.Version), InputValue = request.InputValue }, nextGeneration));
                // A loop, not a lambda: a closure over nextGeneration would be allocated on every episode, not only here.
                for (var i = 0; i < request.CarriedEvents.Count; i++)
                {
                    addMessages.Add(new InboxMessage(Id("carry", nextGeneration, i), now, request.CarriedEvents[i] with { MessageId = null }));
                }
                break;
            case { } outcome:
                next = next with { Status = outcome.Status, Output = outcome.Output, Failure = outcome.Failure };
                // A finished instance's row, made here to tell its parent: once per instance, not per wake.
                var notify = NotifyParent(next.ApplyTo(record, record.WakeAt, record.LeaseOwner, record.LeaseUntil), outcome.Output, outcome.Failure);
                if (notify.Count > 0)
                {
                    (addOutbox ??= []).AddRange(notify);
                }

                break;
        }

        return (new InstanceCommit(etag, record)
        {
            AppendHistory = appendHistory,
            AddMessages = addMessages ?? (IReadOnlyList<InboxMessage>)[],
            RemoveMessageIds = remove,
            AddActivities = addActivities ?? (IReadOnlyList<ActivityWorkItem>)[],
            RemoveActivityIds = removeActivities,
            AddOutbox = addOutbox ?? (IReadOnlyList<OutboxMessage>)[],
        }, next);
    }

    static string? NullIfEmpty(string version) => version.Length == 0 ? null : version;

    OutboxMessage StartChild(SubOrchestrationCreated s, int generation)
    {
        var input = s.InputValue is null ? s.Input : null; // as for a sent event's payload
        var child = new InstanceRecord
        {
            InstanceId = s.InstanceId,
            Name = s.Name,
            Input = input,
            InputValue = s.InputValue,
            Version = s.Version,
            CreatedAt = now,
            LastUpdatedAt = now,
            Parent = new ParentReference(record.InstanceId, generation, s.TaskId) { Name = record.Name },
        };
        var start = new InboxMessage(Id("start", 0), now, new ExecutionStarted(s.Name, input) { Version = s.Version, InputValue = s.InputValue }, 0);
        return new OutboxMessage(Id("out", generation, s.TaskId), s.InstanceId, null, child, start);
    }

    /// <summary>Tells a waiting parent how its sub-orchestration ended.</summary>
    public static IReadOnlyList<OutboxMessage> NotifyParent(InstanceRecord child, string? output, TaskFailureDetails? failure)
    {
        if (child.Parent is not { } parent)
        {
            return [];
        }

        HistoryEvent outcome = child.Status == OrchestrationRuntimeStatus.Completed
            ? new SubOrchestrationCompleted(parent.TaskId, output)
            : new SubOrchestrationFailed(parent.TaskId, failure ?? new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!, $"Sub-orchestration '{child.InstanceId}' ended as {child.Status}.", null, null, null));
        var message = new InboxMessage(Id("child", parent.Generation, parent.TaskId), child.LastUpdatedAt, outcome, parent.Generation);
        return [new OutboxMessage(string.Create(CultureInfo.InvariantCulture, $"parent|{child.Generation}"), parent.InstanceId, message, null, null)];
    }

    // string.Create with the invariant culture formats as FormattableString.Invariant did, without boxing the numbers.
    static string Id(string kind, int generation) => string.Create(CultureInfo.InvariantCulture, $"{kind}|{generation}");

    internal static string Id(string kind, int generation, int taskId) => TaskMessageIds.Of(kind, generation, taskId);
}

/// <summary>
/// What an episode makes of its instance's row, all but the wake time and lease: those follow from the whole commit,
/// so the processor makes the row once, with them (<see cref="ApplyTo"/>), instead of a row here and a copy of it there.
/// </summary>
readonly record struct EpisodeRow(
    int Generation,
    int HistoryCount,
    OrchestrationRuntimeStatus Status,
    string? Version,
    string? Output,
    string? CustomStatus,
    TaskFailureDetails? Failure,
    DateTimeOffset LastUpdatedAt)
{
    /// <summary>
    /// A new generation's input (continue-as-new); null keeps the row's, which is never read here: reading the input of
    /// a row handed its object by reference would write the JSON (ADR 0141).
    /// </summary>
    public ContinueAsNewRequest? NewInput { get; init; }

    public static EpisodeRow Of(InstanceRecord row) =>
        new(row.Generation, row.HistoryCount, row.Status, row.Version, row.Output, row.CustomStatus, row.Failure, row.LastUpdatedAt);

    public InstanceRecord ApplyTo(InstanceRecord row, DateTimeOffset? wakeAt, string? leaseOwner, DateTimeOffset? leaseUntil)
    {
        var applied = row with
        {
            Generation = Generation, HistoryCount = HistoryCount, Status = Status, LastUpdatedAt = LastUpdatedAt,
            Version = Version, Output = Output, CustomStatus = CustomStatus, Failure = Failure,
            WakeAt = wakeAt, LeaseOwner = leaseOwner, LeaseUntil = leaseUntil,
        };
        return NewInput is { } request ? applied with { Input = request.Input, InputValue = request.InputValue } : applied;
    }
}

/// <summary>
/// The ids of a task's work and messages, "kind|generation|task". Every instance uses the same few hundred (early
/// generations, low task ids), and a timer's id lives in its instance's inbox until the timer fires, so those are
/// made once and shared instead of made, and promoted by the garbage collector, at every step (ADR 0137).
/// </summary>
static class TaskMessageIds
{
    const int Generations = 8;
    const int Tasks = 256;
    static readonly string?[] Activities = new string?[Generations * Tasks];
    static readonly string?[] Timers = new string?[Generations * Tasks];
    static readonly string?[] Results = new string?[Generations * Tasks];

    public static string Of(string kind, int generation, int taskId)
    {
        var shared = kind switch
        {
            "act" => Activities,
            "timer" => Timers,
            "result" => Results,
            _ => null,
        };
        if (shared is null || (uint)generation >= Generations || (uint)taskId >= Tasks)
        {
            return Format(kind, generation, taskId);
        }

        // Shards share these; two threads making the same id at once store equal strings, either of which is right.
        ref var id = ref shared[generation * Tasks + taskId];
        return id ??= Format(kind, generation, taskId);
    }

    // string.Create with the invariant culture formats as FormattableString.Invariant did, without boxing the numbers.
    static string Format(string kind, int generation, int taskId) => string.Create(CultureInfo.InvariantCulture, $"{kind}|{generation}|{taskId}");
}
