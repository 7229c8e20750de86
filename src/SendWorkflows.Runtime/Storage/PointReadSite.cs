namespace SendWorkflows.Runtime;

/// <summary>What made a point read of an instance row (<see cref="AzureTableOrchestrationStore.PointReadsBySite"/>).</summary>
public enum PointReadSite
{
    /// <summary>The client's and the outbox's reads of an instance (status, existence checks before a start).</summary>
    Instance,

    /// <summary>A look for due work checking a due hint against its row.</summary>
    DueHintCheck,

    /// <summary>The idle runtime's look for its next wake checking the earliest hint.</summary>
    NextWakeHintCheck,

    /// <summary>A pick-up whose row the hint check did not keep.</summary>
    PickUp,

    /// <summary>The load of a partition this store knows, to check the row's ETag.</summary>
    KnownLoad,

    /// <summary>A delivery (an event, a child's result) reading the row it merges into.</summary>
    Delivery,

    /// <summary>A create that found the id taken, checking whether its hint is the existing row's.</summary>
    SpareHint,

    /// <summary>The failed-instances list checking each row the index names.</summary>
    FailedIndex,
}
