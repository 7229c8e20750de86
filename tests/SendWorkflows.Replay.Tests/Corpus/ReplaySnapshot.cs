using System.Text.Json;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Events;

namespace SendWorkflows.Replay.Tests.Corpus;

/// <summary>One instance's partition of the embedded runtime's store, as the store holds it.</summary>
public sealed record StoredPartition(
    InstanceRecord Instance,
    IReadOnlyList<HistoryEvent> History,
    IReadOnlyList<InboxMessage> Inbox,
    IReadOnlyList<ActivityWorkItem> Activities,
    IReadOnlyList<OutboxMessage> Outbox)
{
    public InstanceWork ToWork() => new(new StoredInstance(Instance, "imported"), Inbox, Activities, Outbox, History);
}

/// <summary>A notification the released code was going to send after the snapshot was taken.</summary>
public sealed record PromisedNotification(string Key, NotificationKind Kind, DateOnly On);

/// <summary>How an instance stood when the released code had carried the snapshot on to its end.</summary>
public sealed record FinalInstance(string InstanceId, string Name, OrchestrationRuntimeStatus Status, int Generation);

/// <summary>
/// A workflow store taken mid-flight from a release (fictional cases), with what the release then did: the events
/// still to come (each applied at the start of its date), the date to run through, the notifications it sent after
/// the snapshot and how every instance ended; and the plan register the workflows had written by then. The current code must replay the store and do the same.
/// </summary>
public sealed record ReplaySnapshot(
    string Name,
    string Description,
    string TakenFrom,
    DateTimeOffset Now,
    IReadOnlyList<StoredPartition> Instances,
    IReadOnlyList<CaseEventMessage> Remaining,
    DateOnly RunThrough,
    IReadOnlyList<PromisedNotification> Promised,
    IReadOnlyList<FinalInstance> Final)
{
    /// <summary>The plan register at the snapshot (the termly lists and the digest read it); absent means empty.</summary>
    public IReadOnlyList<RegisteredPlan> Register { get; init; } = [];

    static readonly JsonSerializerOptions Json = new(OrchestrationJson.Options) { WriteIndented = true };

    /// <summary>The orchestrators whose histories the snapshot holds.</summary>
    public IReadOnlyList<string> Orchestrators => [.. Instances.Select(i => i.Instance.Name).Distinct().Order(StringComparer.Ordinal)];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ReplaySnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<ReplaySnapshot>(json, Json) ?? throw new JsonException("The snapshot file holds null.");

    public IEnumerable<CaseEvent> RemainingEvents => Remaining.Select(m => m.ToCaseEvent());
}
