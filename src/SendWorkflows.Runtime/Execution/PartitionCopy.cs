namespace SendWorkflows.Runtime.Execution;

/// <summary>
/// An <see cref="InstanceProcessor"/>'s local copy of a partition's inbox, activities and outbox, and its list of due
/// messages. A processor works one wake of one instance, so these were made and dropped at every wake; the runtime
/// keeps a few cleared copies for the next processors instead (<see cref="PartitionCopyPool"/>).
/// </summary>
sealed class PartitionCopy
{
    public readonly Dictionary<string, InboxMessage> Messages = new(StringComparer.Ordinal);
    public readonly Dictionary<string, ActivityWorkItem> Activities = new(StringComparer.Ordinal);
    public readonly Dictionary<string, OutboxMessage> Outbox = new(StringComparer.Ordinal);

    /// <summary>The inbox messages an episode applies; filled afresh for each episode.</summary>
    public readonly List<InboxMessage> Due = [];

    /// <summary>
    /// Empties the copy for its next processor. A cleared dictionary fills in the order entries are added, as a new one
    /// does. False when one has grown past the size worth keeping (an instance with an unusual backlog).
    /// </summary>
    public bool TryClear()
    {
        const int KeptCapacity = 64;
        Messages.Clear();
        Activities.Clear();
        Outbox.Clear();
        Due.Clear();
        return Messages.EnsureCapacity(0) <= KeptCapacity && Activities.EnsureCapacity(0) <= KeptCapacity
            && Outbox.EnsureCapacity(0) <= KeptCapacity && Due.Capacity <= KeptCapacity;
    }
}

/// <summary>Cleared <see cref="PartitionCopy"/>s for the next processors; at most as many as can run at once, and a few more.</summary>
sealed class PartitionCopyPool(int capacity)
{
    readonly Lock gate = new();
    readonly Stack<PartitionCopy> spare = new();

    public PartitionCopy Rent()
    {
        lock (gate)
        {
            if (spare.TryPop(out var copy))
            {
                return copy;
            }
        }

        return new PartitionCopy();
    }

    /// <summary>Takes a copy back once its processor is done with it; nothing of it may be used after.</summary>
    public void Return(PartitionCopy copy)
    {
        if (!copy.TryClear())
        {
            return;
        }

        lock (gate)
        {
            if (spare.Count < capacity)
            {
                spare.Push(copy);
            }
        }
    }
}
