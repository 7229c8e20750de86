using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

/// <summary>
/// One entry of an orchestration's append-only history. Replaying a history through the orchestrator code rebuilds
/// its exact state; <see cref="MessageId"/> names the inbox message an event came from, so a redelivered message is
/// recognised and dropped instead of being applied twice.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ExecutionStarted), "ExecutionStarted")]
[JsonDerivedType(typeof(OrchestratorStarted), "OrchestratorStarted")]
[JsonDerivedType(typeof(TaskScheduled), "TaskScheduled")]
[JsonDerivedType(typeof(TaskCompleted), "TaskCompleted")]
[JsonDerivedType(typeof(TaskFailed), "TaskFailed")]
[JsonDerivedType(typeof(TimerCreated), "TimerCreated")]
[JsonDerivedType(typeof(TimerFired), "TimerFired")]
[JsonDerivedType(typeof(SubOrchestrationCreated), "SubOrchestrationCreated")]
[JsonDerivedType(typeof(SubOrchestrationCompleted), "SubOrchestrationCompleted")]
[JsonDerivedType(typeof(SubOrchestrationFailed), "SubOrchestrationFailed")]
[JsonDerivedType(typeof(EventSent), "EventSent")]
[JsonDerivedType(typeof(EventRaised), "EventRaised")]
[JsonDerivedType(typeof(ExecutionTerminated), "ExecutionTerminated")]
[JsonDerivedType(typeof(ExecutionCompleted), "ExecutionCompleted")]
public abstract record HistoryEvent
{
    public string? MessageId { get; init; }
}

/// <summary>The first event of every generation: which orchestrator runs, with what input, on which version.</summary>
public sealed record ExecutionStarted(string Name, string? Input) : HistoryEvent
{
    string? input = Input;

    /// <summary>The input's JSON; when only <see cref="InputValue"/> was handed over, written from it on first read (ADR 0141).</summary>
    public string? Input { get => ByReference.ReadJson(ref input, InputValue); init => input = value; }

    /// <summary>The orchestration version (<c>TaskOrchestrationContext.Version</c>); null in histories written before versions.</summary>
    public string? Version { get; init; }

    /// <summary>The object handed over within one process as the input (ADR 0136); never stored.</summary>
    [JsonIgnore]
    public object? InputValue { get; init; }
}

/// <summary>Opens an episode; its timestamp is the orchestrator's <c>CurrentUtcDateTime</c> for that episode.</summary>
public sealed record OrchestratorStarted(DateTimeOffset Timestamp) : HistoryEvent;

/// <summary>A scheduling decision the orchestrator made (replay checks the code makes the same one again).</summary>
public interface IScheduledTask
{
    int TaskId { get; }
}

public sealed record TaskScheduled(int TaskId, string Name, string? Input) : HistoryEvent, IScheduledTask;

public sealed record TaskCompleted(int TaskId, string? Result) : HistoryEvent;

public sealed record TaskFailed(int TaskId, TaskFailureDetails Failure) : HistoryEvent;

public sealed record TimerCreated(int TaskId, DateTimeOffset FireAt) : HistoryEvent, IScheduledTask;

public sealed record TimerFired(int TaskId, DateTimeOffset FireAt) : HistoryEvent;

public sealed record SubOrchestrationCreated(int TaskId, string Name, string InstanceId, string? Input) : HistoryEvent, IScheduledTask
{
    string? input = Input;

    /// <summary>The child's input as JSON; when only <see cref="InputValue"/> was handed over, written from it on first read (ADR 0141).</summary>
    public string? Input { get => ByReference.ReadJson(ref input, InputValue); init => input = value; }

    /// <summary>The object handed over within one process as the child's input (ADR 0141); never stored.</summary>
    [JsonIgnore]
    public object? InputValue { get; init; }

    /// <summary>The child's version (<c>SubOrchestrationOptions.Version</c>); null when none was asked for.</summary>
    public string? Version { get; init; }
}

public sealed record SubOrchestrationCompleted(int TaskId, string? Result) : HistoryEvent;

public sealed record SubOrchestrationFailed(int TaskId, TaskFailureDetails Failure) : HistoryEvent;

public sealed record EventSent(int TaskId, string InstanceId, string Name, string? Input) : HistoryEvent, IScheduledTask
{
    string? input = Input;

    /// <summary>The payload's JSON; when only <see cref="InputValue"/> was handed over, written from it on first read (ADR 0141).</summary>
    public string? Input { get => ByReference.ReadJson(ref input, InputValue); init => input = value; }

    /// <summary>The object handed over within one process as the payload (ADR 0141); never stored.</summary>
    [JsonIgnore]
    public object? InputValue { get; init; }
}

public sealed record EventRaised(string Name, string? Input) : HistoryEvent
{
    string? input = Input;

    /// <summary>The payload's JSON; when only <see cref="InputValue"/> was handed over, written from it on first read (ADR 0141).</summary>
    public string? Input { get => ByReference.ReadJson(ref input, InputValue); init => input = value; }

    /// <summary>The object handed over within one process as the payload (ADR 0136); never stored.</summary>
    [JsonIgnore]
    public object? InputValue { get; init; }
}

public sealed record ExecutionTerminated(string? Output) : HistoryEvent;

/// <summary>The last event of a generation that ended (completed, failed, terminated or continued as new).</summary>
public sealed record ExecutionCompleted(OrchestrationRuntimeStatus Status, string? Output, TaskFailureDetails? Failure) : HistoryEvent;
