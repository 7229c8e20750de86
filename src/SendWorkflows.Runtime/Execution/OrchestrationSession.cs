using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime.Execution;

/// <summary>What the orchestrator code decided to do; becomes a history event and a piece of work on commit.</summary>
enum ActionKind
{
    Activity,
    Timer,
    SubOrchestration,
    SendEvent,
}

sealed record OrchestratorAction(int TaskId, ActionKind Kind, string Name, HistoryEvent Event)
{
    /// <summary>An activity's input as the code passed it, when inputs go by reference (ADR 0017).</summary>
    public object? Value { get; init; }
}

/// <summary>How a generation ended.</summary>
sealed record SessionOutcome(OrchestrationRuntimeStatus Status, string? Output, TaskFailureDetails? Failure)
{
    /// <summary>Set when the status is ContinuedAsNew: the next generation's input and the events it inherits.</summary>
    public ContinueAsNewRequest? ContinueAsNew { get; init; }
}

sealed record ContinueAsNewRequest(string? Input, IReadOnlyList<EventRaised> CarriedEvents, string Version)
{
    /// <summary>The next generation's input handed over as the code passed it (ADR 0136); then <see cref="Input"/> is null (ADR 0141).</summary>
    public object? InputValue { get; init; }
}

/// <summary>The result of one live episode: what to append and what to do (a struct: one is made per wake).</summary>
readonly record struct EpisodeResult(
    IReadOnlyList<HistoryEvent> NewHistory,
    IReadOnlyList<OrchestratorAction> Actions,
    IReadOnlyList<int> CancelledTimers,
    SessionOutcome? Outcome,
    string? CustomStatus);

/// <summary>
/// One generation of one orchestration instance held in memory: the orchestrator object suspended at its awaits,
/// plus the bookkeeping that maps history events to the tasks it awaits. It is built by replaying stored history
/// (checking the code makes the same decisions again) and then kept between episodes, so a long-lived workflow is
/// not replayed from the start every time something happens to it.
/// </summary>
sealed class OrchestrationSession
{
    readonly ITaskOrchestrator orchestrator;
    readonly EpisodeSynchronizationContext sync = new();
    readonly Dictionary<int, IPendingTask> open = [];

    /// <summary>
    /// Decisions the code made that are not yet in the history, in task order (task ids only grow, so the order they
    /// were made in). An open task that is not here has been confirmed: recorded, or matched by replay.
    /// </summary>
    readonly List<OrchestratorAction> unconfirmed = [];

    /// <summary>
    /// Ids of consumed messages that nothing else would recognise again: events. A result, timer or start that came
    /// twice is refused because its task is no longer open (or the code already runs), so a cached session of a
    /// year-long workflow does not keep every result's id (see <see cref="IsDedupedByState"/>).
    /// </summary>
    readonly HashSet<string> consumedMessages = new(StringComparer.Ordinal);
    readonly Dictionary<string, LinkedList<IEventWaiter>> waiters = new(StringComparer.OrdinalIgnoreCase);
    readonly List<EventRaised> bufferedEvents = [];
    readonly List<int> cancelledTimers = [];
    readonly RetryPolicy? defaultRetryPolicy;
    List<HistoryEvent>? episode;
    Task<object?>? run;
    ExecutionStarted? started;
    int nextTaskId;
    int guidCounter;
    (string? Input, bool PreserveEvents, string? NewVersion, object? Value)? continueAsNew;
    volatile string? offThreadViolation;

    public OrchestrationSession(string instanceId, string name, int generation, ITaskOrchestrator orchestrator, RetryPolicy? defaultRetryPolicy)
    {
        InstanceId = instanceId;
        Name = name;
        Generation = generation;
        this.orchestrator = orchestrator;
        this.defaultRetryPolicy = defaultRetryPolicy;
        Context = new SessionContext(this);
    }

    public string InstanceId { get; }
    public string Name { get; }
    public int Generation { get; }
    public int HistoryCount { get; private set; }
    public DateTime CurrentUtcDateTime { get; private set; }
    public bool IsReplaying { get; private set; }
    public string? CustomStatus { get; private set; }

    /// <summary>The version this generation started on (its <see cref="ExecutionStarted"/>); empty when none was stored.</summary>
    public string Version { get; private set; } = "";
    public SessionOutcome? Outcome { get; private set; }
    internal SessionContext Context { get; }
    public ParentOrchestrationInstance? Parent { get; init; }
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }
    internal RetryPolicy? DefaultRetryPolicy => defaultRetryPolicy;

    /// <summary>Activity inputs are handed over as the code passed them, not as JSON (ADR 0017).</summary>
    public bool ActivityInputsByReference { get; init; }

    /// <summary>Inputs handed over by reference are audited, so their JSON is written as well.</summary>
    public bool AuditsActivityInputs { get; init; }

    /// <summary>The next generation's input, a child's input and a sent event's payload are handed over as the code passed them (ADR 0136, 0141).</summary>
    public bool OrchestrationInputsByReference { get; init; }

    /// <summary>Checks orchestration inputs and events handed over by reference against their JSON (a test aid).</summary>
    public ActivityInputAudit? InputAudit { get; init; }

    /// <summary>Rebuilds the state by running the code against stored history; throws on any divergence.</summary>
    public void Replay(IReadOnlyList<HistoryEvent> history)
    {
        IsReplaying = true;
        try
        {
            foreach (var e in history)
            {
                Apply(e, replaying: true);
                HistoryCount++;
            }

            ThrowIfUnconfirmedActions();
        }
        finally
        {
            IsReplaying = false;
        }
    }

    public void BeginEpisode(DateTimeOffset now)
    {
        episode = [];
        Record(EpisodeStart(now));
    }

    [ThreadStatic]
    static OrchestratorStarted? lastEpisodeStart;

    /// <summary>
    /// The event that opens an episode at <paramref name="now"/>. Events are immutable, and under a virtual clock the
    /// instances due at one instant wake one after another on the same threads, so the last one made is shared.
    /// </summary>
    static OrchestratorStarted EpisodeStart(DateTimeOffset now) =>
        lastEpisodeStart is { } last && last.Timestamp.EqualsExact(now) ? last : lastEpisodeStart = new OrchestratorStarted(now);

    /// <summary>Applies a new inbox message; false when it is a duplicate or no longer awaited (then it is dropped).</summary>
    public bool TryApply(HistoryEvent e)
    {
        if (episode is null || Outcome is not null || !Accepts(e))
        {
            return false;
        }

        Record(e);
        return true;
    }

    public EpisodeResult EndEpisode()
    {
        if (offThreadViolation is { } violation)
        {
            Outcome ??= new SessionOutcome(OrchestrationRuntimeStatus.Failed, null,
                TaskFailureDetails.FromException(NonDeterministic( violation)));
        }

        var actions = unconfirmed.ToArray();
        unconfirmed.Clear();
        foreach (var action in actions)
        {
            Record(action.Event, apply: false);
        }

        if (Outcome is { } outcome)
        {
            Record(new ExecutionCompleted(outcome.Status, outcome.Output, outcome.Failure), apply: false);
        }

        // Most episodes cancel no timer: the empty list is shared rather than copied.
        var result = new EpisodeResult(episode ?? [], actions, cancelledTimers.Count == 0 ? [] : [.. cancelledTimers], Outcome, CustomStatus);
        cancelledTimers.Clear();
        episode = null;
        return result;
    }

    void Record(HistoryEvent e, bool apply = true)
    {
        if (apply)
        {
            Apply(e, replaying: false);
        }

        episode!.Add(e);
        HistoryCount++;
    }

    bool Accepts(HistoryEvent e)
    {
        if (e.MessageId is { } id && consumedMessages.Contains(id))
        {
            return false;
        }

        return e switch
        {
            TaskCompleted c => open.TryGetValue(c.TaskId, out var p) && p.Kind == ActionKind.Activity,
            TaskFailed f => open.TryGetValue(f.TaskId, out var p) && p.Kind == ActionKind.Activity,
            TimerFired t => open.TryGetValue(t.TaskId, out var p) && p.Kind == ActionKind.Timer,
            SubOrchestrationCompleted c => open.TryGetValue(c.TaskId, out var p) && p.Kind == ActionKind.SubOrchestration,
            SubOrchestrationFailed f => open.TryGetValue(f.TaskId, out var p) && p.Kind == ActionKind.SubOrchestration,
            ExecutionStarted => run is null,
            _ => true,
        };
    }

    /// <summary>
    /// Whether a second copy of <paramref name="e"/> is refused by the session's state alone (its task is no longer
    /// open, or the code already started), so its message id need not be remembered.
    /// </summary>
    static bool IsDedupedByState(HistoryEvent e) =>
        e is TaskCompleted or TaskFailed or TimerFired or SubOrchestrationCompleted or SubOrchestrationFailed or ExecutionStarted;

    void Apply(HistoryEvent e, bool replaying)
    {
        if (e.MessageId is { } id && !IsDedupedByState(e))
        {
            consumedMessages.Add(id);
        }

        switch (e)
        {
            case OrchestratorStarted s:
                if (replaying)
                {
                    ThrowIfUnconfirmedActions();
                }

                CurrentUtcDateTime = s.Timestamp.UtcDateTime;
                break;
            case ExecutionStarted s:
                if (run is not null)
                {
                    throw new CorruptHistoryException(InstanceId, "the execution is started twice.");
                }

                started = s;
                Version = s.Version ?? "";
                sync.Run(Start);
                break;
            case IScheduledTask scheduled:
                Confirm(scheduled.TaskId, e);
                break;
            case TaskCompleted c:
                Complete(Resolve(c.TaskId, ActionKind.Activity, replaying), c.Result);
                break;
            case TaskFailed f:
                var activity = Resolve(f.TaskId, ActionKind.Activity, replaying);
                Fail(activity, new TaskFailedException(activity.Name, f.TaskId, f.Failure));
                break;
            case TimerFired t:
                Complete(Resolve(t.TaskId, ActionKind.Timer, replaying), null);
                break;
            case SubOrchestrationCompleted c:
                Complete(Resolve(c.TaskId, ActionKind.SubOrchestration, replaying), c.Result);
                break;
            case SubOrchestrationFailed f:
                var child = Resolve(f.TaskId, ActionKind.SubOrchestration, replaying);
                Fail(child, new TaskFailedException(child.Name, f.TaskId, f.Failure));
                break;
            case EventRaised r:
                sync.Run(static s => s.Session.Deliver(s.Event), (Session: this, Event: r));
                break;
            case ExecutionTerminated t:
                Outcome ??= new SessionOutcome(OrchestrationRuntimeStatus.Terminated, t.Output, null);
                break;
            case ExecutionCompleted:
                break;
            default:
                throw new CorruptHistoryException(InstanceId, $"unknown event type {e.GetType().Name}.");
        }

        CheckCompletion();
    }

    /// <summary>Completes a task inside the session's context so the code it resumes runs there, in order.</summary>
    void Complete(IPendingTask task, string? json) => sync.Run(static s => s.Task.Complete(s.Json), (Task: task, Json: json));

    void Fail(IPendingTask task, Exception exception) => sync.Run(static s => s.Task.Fail(s.Exception), (Task: task, Exception: exception));

    IPendingTask Resolve(int taskId, ActionKind kind, bool replaying)
    {
        if (!open.Remove(taskId, out var pending) || pending.Kind != kind || (replaying && IndexOfUnconfirmed(taskId) >= 0))
        {
            throw new CorruptHistoryException(InstanceId, $"a {kind} result for task #{taskId} has no matching scheduled {kind}.");
        }

        return pending;
    }

    void Confirm(int taskId, HistoryEvent e)
    {
        var (kind, name) = Describe(e);
        var index = IndexOfUnconfirmed(taskId);
        if (index < 0)
        {
            throw NonDeterministic(
                $"history has {kind} '{name}' as task #{taskId}, but the orchestrator code did not schedule it at this point.");
        }

        var action = unconfirmed[index];
        unconfirmed.RemoveAt(index);
        if (action.Kind != kind || !string.Equals(action.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            throw NonDeterministic(
                $"history has {kind} '{name}' as task #{taskId}, but the orchestrator code now schedules {action.Kind} '{action.Name}'.");
        }
    }

    /// <summary>Where task <paramref name="taskId"/> is among the unconfirmed decisions (a handful at most), or -1.</summary>
    int IndexOfUnconfirmed(int taskId)
    {
        for (var i = 0; i < unconfirmed.Count; i++)
        {
            if (unconfirmed[i].TaskId == taskId)
            {
                return i;
            }
        }

        return -1;
    }

    void ThrowIfUnconfirmedActions()
    {
        if (unconfirmed.Count > 0)
        {
            var first = unconfirmed[0];
            throw NonDeterministic(
                $"the orchestrator code now schedules {first.Kind} '{first.Name}' as task #{first.TaskId}, which the history does not have.");
        }
    }

    static (ActionKind Kind, string Name) Describe(HistoryEvent e) => e switch
    {
        TaskScheduled t => (ActionKind.Activity, t.Name),
        TimerCreated => (ActionKind.Timer, "timer"),
        SubOrchestrationCreated s => (ActionKind.SubOrchestration, s.Name),
        EventSent s => (ActionKind.SendEvent, s.Name),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Not a scheduling event."),
    };

    void Start()
    {
        try
        {
            var input = HandedOver(started!.InputValue, orchestrator.InputType, "the input") ?? DeserializeInput(started.Input, orchestrator.InputType);
            run = orchestrator.RunAsync(Context, input);
        }
        catch (Exception ex)
        {
            run = Task.FromException<object?>(ex);
        }
    }

    static object? DeserializeInput(string? json, Type type)
    {
        var value = OrchestrationJson.Deserialize(json, type);
        return value is null && type.IsValueType ? Activator.CreateInstance(type) : value;
    }

    void CheckCompletion()
    {
        if (Outcome is not null || run is not { IsCompleted: true })
        {
            return;
        }

        if (run.IsCompletedSuccessfully)
        {
            Outcome = continueAsNew is { } next
                ? new SessionOutcome(RuntimeStatuses.ContinuedAsNew, null, null)
                {
                    ContinueAsNew = new ContinueAsNewRequest(next.Input, next.PreserveEvents ? [.. bufferedEvents] : [], next.NewVersion ?? Version) { InputValue = next.Value },
                }
                : new SessionOutcome(OrchestrationRuntimeStatus.Completed, OrchestrationJson.Serialize(run.Result), null);
            return;
        }

        var exception = run.Exception?.InnerException ?? run.Exception ?? (Exception)new TaskCanceledException(run);
        Outcome = new SessionOutcome(OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(exception));
    }

    // ---- called by the orchestrator code through SessionContext ----

    internal T? GetInput<T>() => OrchestrationJson.Deserialize<T>(started?.Input);

    internal Task<T> Schedule<T>(ActionKind kind, string name, Func<int, HistoryEvent> describe, object? value = null)
    {
        var pending = new PendingTask<T>(kind, name);
        Schedule(pending, describe(nextTaskId), value);
        return pending.Task;
    }

    void Schedule(IPendingTask pending, HistoryEvent scheduled, object? value = null)
    {
        var taskId = nextTaskId++;
        unconfirmed.Add(new OrchestratorAction(taskId, pending.Kind, pending.Name, scheduled) { Value = value });
        if (pending.Kind != ActionKind.SendEvent)
        {
            open[taskId] = pending;
        }
    }

    internal Task CreateTimer(DateTime fireAt, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellation);
        }

        var fireAtUtc = new DateTimeOffset(DateTime.SpecifyKind(fireAt.ToUniversalTime(), DateTimeKind.Utc));
        var timer = new PendingTimer(this, nextTaskId);
        Schedule(timer, new TimerCreated(timer.TaskId, fireAtUtc));
        if (cancellation.CanBeCanceled)
        {
            // The pending timer holds its registration and disposes it when it settles, and is the callback's state
            // itself: no closure, continuation or boxed state lives (and is promoted by the GC) until the timer's wake.
            timer.Registration = cancellation.Register(static state => ((PendingTimer)state!).CancelByToken(), timer);
        }

        return timer.Task;
    }

    void CancelTimer(int taskId)
    {
        if (!sync.IsPumping)
        {
            // CancellationTokenSource.CancelAsync runs callbacks on the thread pool, outside the episode: what the
            // code does next would depend on thread timing and could not be replayed.
            offThreadViolation ??= "a durable timer was cancelled outside the orchestrator's thread (use CancellationTokenSource.Cancel(), not CancelAsync(), in orchestrator code).";
            return;
        }

        if (open.Remove(taskId, out var pending))
        {
            cancelledTimers.Add(taskId);
            pending.Cancel();
        }
    }

    internal Task<T> WaitForEvent<T>(string eventName, CancellationToken cancellation)
    {
        var index = bufferedEvents.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            var buffered = bufferedEvents[index];
            bufferedEvents.RemoveAt(index);
            return Task.FromResult(HandedOver(buffered, typeof(T)) is T handed ? handed : OrchestrationJson.Deserialize<T>(buffered.Input)!);
        }

        if (cancellation.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellation);
        }

        if (!waiters.TryGetValue(eventName, out var queue))
        {
            waiters[eventName] = queue = new LinkedList<IEventWaiter>();
        }

        var waiter = new EventWaiter<T>();
        var node = queue.AddLast(waiter);
        if (cancellation.CanBeCanceled)
        {
            waiter.Registration = cancellation.Register(() =>
            {
                if (node.List is not null)
                {
                    queue.Remove(node);
                    waiter.TrySetCanceled(cancellation);
                }
            });
        }

        return waiter.Task;
    }

    void Deliver(EventRaised e)
    {
        if (waiters.TryGetValue(e.Name, out var queue) && queue.First is { } first)
        {
            queue.RemoveFirst();
            first.Value.Complete(e, HandedOver(e, first.Value.PayloadType));
        }
        else
        {
            bufferedEvents.Add(e);
        }
    }

    internal void SetCustomStatus(object? status) => CustomStatus = status is null ? null : OrchestrationJson.Serialize(status);

    /// <summary>As the SDK does, the next generation keeps this one's version unless a new version is given.</summary>
    internal void ContinueAsNew(object? newInput, bool preserveUnprocessedEvents, string? newVersion = null)
    {
        var (serialized, handedOver) = Payload(newInput);
        continueAsNew = (serialized, preserveUnprocessedEvents, string.IsNullOrEmpty(newVersion) ? null : newVersion, handedOver);
    }

    /// <summary>How <paramref name="value"/> goes to the orchestration that gets it: as JSON, or as the object handed over (ADR 0136, 0141).</summary>
    internal (string? Json, object? HandedOver) Payload(object? value) => ByReference.Payload(value, OrchestrationInputsByReference, InputAudit);

    object? HandedOver(EventRaised e, Type payloadType) => HandedOver(e.InputValue, payloadType, "event ", e.Name);

    /// <summary>
    /// The object handed over with an input or event when it is exactly the type asked for, as an activity's input
    /// (ADR 0017, 0136); null to read the JSON, as for anything else and for anything read back from a history.
    /// </summary>
    object? HandedOver(object? value, Type type, string what, string? name = null)
    {
        if (value is null || value.GetType() != type)
        {
            return null;
        }

        InputAudit?.Taken(string.Concat(what, name, " of ", Name), InstanceId, value, type);
        return value;
    }

    NonDeterministicOrchestrationException NonDeterministic(string detail) => new(InstanceId, detail, Name, Version);

    internal Guid NewGuid() =>
        DeterministicGuid.Create(string.Create(CultureInfo.InvariantCulture, $"{InstanceId}_{CurrentUtcDateTime:O}_{guidCounter++}"));

    internal int PeekNextTaskId() => nextTaskId;

    // ---- awaited tasks ----
    // Each is its own TaskCompletionSource: an await the code makes lives until its result comes, often for months of
    // the simulated year, so it is one object fewer that the garbage collector promotes for every await (ADR 0137).

    interface IPendingTask
    {
        ActionKind Kind { get; }

        string Name { get; }

        /// <summary>A timer's registration with the token that cancels it; disposed when the task settles.</summary>
        CancellationTokenRegistration Registration { set; }

        void Complete(string? json);

        void Fail(Exception exception);

        void Cancel();
    }

    class PendingTask<T>(ActionKind kind, string name) : TaskCompletionSource<T>, IPendingTask
    {
        public ActionKind Kind { get; } = kind;

        public string Name { get; } = name;

        public CancellationTokenRegistration Registration { get; set; }

        public void Complete(string? json)
        {
            Registration.Dispose();
            T? value;
            try
            {
                value = OrchestrationJson.Deserialize<T>(json);
            }
            catch (System.Text.Json.JsonException ex)
            {
                TrySetException(ex);
                return;
            }

            TrySetResult(value!);
        }

        public void Fail(Exception exception)
        {
            Registration.Dispose();
            TrySetException(exception);
        }

        public void Cancel()
        {
            Registration.Dispose();
            TrySetCanceled();
        }
    }

    sealed class PendingTimer(OrchestrationSession session, int taskId) : PendingTask<object?>(ActionKind.Timer, "timer")
    {
        public int TaskId { get; } = taskId;

        /// <summary>The code cancelled the token it gave <see cref="TaskOrchestrationContext.CreateTimer(DateTime, CancellationToken)"/>.</summary>
        public void CancelByToken() => session.CancelTimer(TaskId);
    }

    interface IEventWaiter
    {
        Type PayloadType { get; }

        /// <summary>Completes the wait with <paramref name="handedOver"/> when given, else with the payload read from the event's JSON.</summary>
        void Complete(EventRaised e, object? handedOver);
    }

    sealed class EventWaiter<T> : TaskCompletionSource<T>, IEventWaiter
    {
        public CancellationTokenRegistration Registration { get; set; }

        public Type PayloadType => typeof(T);

        public void Complete(EventRaised e, object? handedOver)
        {
            Registration.Dispose();
            try
            {
                TrySetResult(handedOver is T value ? value : OrchestrationJson.Deserialize<T>(e.Input)!);
            }
            catch (System.Text.Json.JsonException ex)
            {
                TrySetException(ex);
            }
        }
    }
}
