using SendWorkflows.Contract;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Tests.Support;

namespace SendWorkflows.Parity.Tests.Engines;

/// <summary>What a run leaves behind: the workflows' ports, in memory, shared by the engine's activities and the driver.</summary>
sealed class Records
{
    public InMemoryNotificationLog Notifications { get; } = new();
    public InMemoryOutcomeLog Outcomes { get; } = new();
    public InMemoryRejectedEventStore Rejected { get; } = new();
    public InMemoryPlanRegister Register { get; } = new();
    public IContactsDirectorySource Contacts { get; } = new FixedContactsDirectorySource(Build.Contacts());

    /// <summary>
    /// Every record as JSON, sorted: two engines agree when these are equal. Order is left out because parallel
    /// sub-orchestrations (one advice ladder per contributor) may record in either order on either engine.
    /// </summary>
    public Snapshot Take() => new(
        Sorted(Notifications.All()), Sorted(Outcomes.All()), Sorted(Rejected.All()), Sorted(Register.All()));

    static IReadOnlyList<string> Sorted<T>(IEnumerable<T> items) =>
        [.. items.Select(i => OrchestrationJson.Serialize(i)).Order(StringComparer.Ordinal)];
}

/// <summary>
/// The records at one point of a run, and each workflow's status ("id: Completed"). The statuses matter because the
/// dispatcher answers the next event from them: records alone can be complete while a workflow is still finishing.
/// </summary>
sealed record Snapshot(
    IReadOnlyList<string> Notifications, IReadOnlyList<string> Outcomes, IReadOnlyList<string> Rejected, IReadOnlyList<string> Register)
{
    public IReadOnlyList<string> Instances { get; init; } = [];

    public bool SameAs(Snapshot other) =>
        Notifications.SequenceEqual(other.Notifications) && Outcomes.SequenceEqual(other.Outcomes)
        && Rejected.SequenceEqual(other.Rejected) && Register.SequenceEqual(other.Register)
        && Instances.SequenceEqual(other.Instances);

    public override string ToString() =>
        $"{Notifications.Count} notifications, {Outcomes.Count} outcomes, {Rejected.Count} rejected, {Register.Count} register entries, {Instances.Count} workflows"
        + Environment.NewLine + string.Join(Environment.NewLine, Notifications.Concat(Outcomes).Concat(Rejected).Concat(Register).Concat(Instances));
}
