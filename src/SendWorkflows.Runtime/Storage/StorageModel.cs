using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

/// <summary>
/// The instance row: everything the client reads, plus the scheduling fields the runtime needs to find work
/// (<see cref="WakeAt"/>) and to own it exclusively for a while (<see cref="LeaseOwner"/>, <see cref="LeaseUntil"/>).
/// </summary>
public sealed record InstanceRecord
{
    public required string InstanceId { get; init; }
    public required string Name { get; init; }

    /// <summary>
    /// The orchestration version the current generation runs (set at start, changed only by ContinueAsNew with a
    /// new version). Null or empty in rows written before versions: those instances run version 1 (see <see cref="VersionOrOne"/>).
    /// </summary>
    public string? Version { get; init; }

    /// <summary>The version to count and show: an instance stored without one started before versions, on version 1.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string VersionOrOne => string.IsNullOrEmpty(Version) ? "1" : Version;

    /// <summary>Incremented by ContinueAsNew; history, timers and activities belong to one generation.</summary>
    public int Generation { get; init; }

    public OrchestrationRuntimeStatus Status { get; init; } = OrchestrationRuntimeStatus.Pending;
    string? input;

    /// <summary>The input's JSON; when only <see cref="InputValue"/> was handed over, written from it on first read (ADR 0141).</summary>
    public string? Input { get => ByReference.ReadJson(ref input, InputValue); init => input = value; }

    /// <summary>The object handed over within one process as the input (ADR 0136, 0141); never stored.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public object? InputValue { get; init; }

    public string? Output { get; init; }
    public string? CustomStatus { get; init; }
    public TaskFailureDetails? Failure { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>How many history events the current generation has (lets a cached replay prove it is current).</summary>
    public int HistoryCount { get; init; }

    /// <summary>The earliest time this instance has something to do; null when it waits only for outside input.</summary>
    public DateTimeOffset? WakeAt { get; init; }

    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }

    public ParentReference? Parent { get; init; }

    public bool IsTerminal => RuntimeStatuses.IsTerminal(Status);

    /// <summary>When a runtime may next pick this instance up: its wake time, but not before a foreign lease expires.</summary>
    public DateTimeOffset? EffectiveWakeAt => WakeAt is { } wake && LeaseUntil is { } lease && lease > wake ? lease : WakeAt;

    /// <summary>As the real clients do, payloads (and the converter that reads them) only when asked for.</summary>
    public OrchestrationMetadata ToMetadata(bool includePayloads) => new(Name, InstanceId)
    {
        DataConverter = includePayloads ? RuntimeStatuses.Converter : null,
        RuntimeStatus = Status,
        CreatedAt = CreatedAt,
        LastUpdatedAt = LastUpdatedAt,
        SerializedInput = includePayloads ? Input : null,
        SerializedOutput = includePayloads ? Output : null,
        SerializedCustomStatus = includePayloads ? CustomStatus : null,
        FailureDetails = Failure,
    };
}

/// <summary>The sub-orchestration task of a parent instance that waits for this instance.</summary>
public sealed record ParentReference(string InstanceId, int Generation, int TaskId)
{
    /// <summary>The parent's orchestrator name (absent in rows written before it was kept).</summary>
    public string? Name { get; init; }

    /// <summary>Identifies the waiting task alone, so rows written before the name was kept still match.</summary>
    public ParentReference WithoutName() => this with { Name = null };
}

/// <summary>An instance row with the version token that guards every write to its partition.</summary>
public sealed record StoredInstance(InstanceRecord Record, string ETag);

/// <summary>
/// A message waiting in an instance's inbox, applied to its history by a later episode once <see cref="DueAt"/>
/// has passed (timers are messages due in the future). Ids are deterministic so a redelivery overwrites, not adds.
/// <see cref="Generation"/> is set for messages that only make sense to one generation (timers, task results).
/// </summary>
public sealed record InboxMessage(string Id, DateTimeOffset DueAt, HistoryEvent Event, int? Generation = null)
{
    /// <summary>Arrival order, set by the store when the message is written; breaks ties between equal due times.</summary>
    public long Sequence { get; init; }
}

/// <summary>An activity the orchestrator scheduled and nobody has finished yet.</summary>
public sealed record ActivityWorkItem(string Id, int Generation, int TaskId, string Name, string? Input)
{
    /// <summary>
    /// The input as the orchestrator passed it, when the runtime hands activity inputs over by reference
    /// (<see cref="EmbeddedRuntimeOptions.ActivityInputsByReference"/>, ADR 0017); never stored.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public object? InputValue { get; init; }
}

/// <summary>
/// Work for another instance, written in the sender's partition in the same transaction as the decision that
/// produced it and forwarded afterwards (an outbox), so it survives a crash and is delivered once in effect.
/// Either a message for an existing instance or a new instance to create (a sub-orchestration).
/// </summary>
public sealed record OutboxMessage(string Id, string TargetInstanceId, InboxMessage? Message, InstanceRecord? NewInstance, InboxMessage? StartMessage);

/// <summary>Everything in one instance's partition that a runtime needs to process it.</summary>
public sealed record InstanceWork(
    StoredInstance Instance,
    IReadOnlyList<InboxMessage> Messages,
    IReadOnlyList<ActivityWorkItem> Activities,
    IReadOnlyList<OutboxMessage> Outbox,
    IReadOnlyList<HistoryEvent>? History);

/// <summary>
/// One atomic write to one instance's partition, conditional on <see cref="ETag"/>. When
/// <see cref="Record"/> has a new generation the store discards the older generations' history.
/// </summary>
public sealed record InstanceCommit(string ETag, InstanceRecord Record)
{
    /// <summary>
    /// The <see cref="ETag"/> of a commit that creates the partition with its first episode already applied (ADR 0133):
    /// it fails with <see cref="OrchestrationConcurrencyException"/> when the instance exists, and writes nothing then. It
    /// removes nothing (the start message it consumed was never stored).
    /// </summary>
    public const string NewPartition = "";

    public bool CreatesPartition => ETag.Length == 0;

    public IReadOnlyList<HistoryEvent> AppendHistory { get; init; } = [];
    public IReadOnlyList<InboxMessage> AddMessages { get; init; } = [];
    public IReadOnlyList<string> RemoveMessageIds { get; init; } = [];
    public IReadOnlyList<ActivityWorkItem> AddActivities { get; init; } = [];
    public IReadOnlyList<string> RemoveActivityIds { get; init; } = [];
    public IReadOnlyList<OutboxMessage> AddOutbox { get; init; } = [];
    public IReadOnlyList<string> RemoveOutboxIds { get; init; } = [];

    public string InstanceId => Record.InstanceId;
}

/// <summary>Another writer changed the instance since it was read; re-read and decide again.</summary>
public sealed class OrchestrationConcurrencyException(string instanceId)
    : Exception($"Instance '{instanceId}' was changed by another writer since it was read.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>The stored history of an instance cannot be read back; the instance is failed with this message.</summary>
public sealed class CorruptHistoryException(string instanceId, string detail, Exception? inner = null)
    : Exception($"The stored history of instance '{instanceId}' is corrupt: {detail}", inner)
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>The orchestrator code no longer makes the decisions its history records; its instance is failed.</summary>
/// <remarks>The message names the orchestrator and its version and says what to do, so a failed instance on the dashboard explains itself.</remarks>
public sealed class NonDeterministicOrchestrationException(string instanceId, string detail, string? orchestrator = null, string? version = null)
    : Exception(
        $"Non-deterministic orchestration '{instanceId}'" + (orchestrator is null ? "" : $" ({orchestrator} version {(string.IsNullOrEmpty(version) ? "1" : version)})")
        + $": {detail} Orchestrator code must make the same calls in the same order on every replay: to change a released orchestrator, add a version"
        + (orchestrator is null ? "." : $" of {orchestrator} (docs/workflow-changes.md)."))
{
    public string InstanceId { get; } = instanceId;

    public string? Orchestrator { get; } = orchestrator;
}

/// <summary>Names for the statuses the SDK marks obsolete but this runtime still records, and the JSON converter.</summary>
static class RuntimeStatuses
{
#pragma warning disable CS0618 // ContinuedAsNew and Canceled are kept for compatibility; stored rows name them.
    public const OrchestrationRuntimeStatus ContinuedAsNew = OrchestrationRuntimeStatus.ContinuedAsNew;
    public const OrchestrationRuntimeStatus Canceled = OrchestrationRuntimeStatus.Canceled;
#pragma warning restore CS0618

    /// <summary>Reads payloads with <see cref="OrchestrationJson"/>, the shape every host writes.</summary>
    public static DataConverter Converter { get; } = new Microsoft.DurableTask.Converters.JsonDataConverter(OrchestrationJson.Options);

    public static bool IsTerminal(OrchestrationRuntimeStatus status) => status is OrchestrationRuntimeStatus.Completed
        or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated or Canceled;
}
