using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace SendWorkflows.Runtime;

/// <summary>
/// An instance partition's inbox, activities and outbox (not its history), keyed by row key so they come back in the
/// order a partition query returns them.
/// </summary>
sealed record KnownPartition(
    ImmutableSortedDictionary<string, InboxMessage> Messages,
    ImmutableSortedDictionary<string, ActivityWorkItem> Activities,
    ImmutableSortedDictionary<string, OutboxMessage> Outbox)
{
    public static KnownPartition Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, InboxMessage>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, ActivityWorkItem>(StringComparer.Ordinal),
        ImmutableSortedDictionary.Create<string, OutboxMessage>(StringComparer.Ordinal));

    public KnownPartition With(InboxMessage message) => this with { Messages = Messages.SetItem(TableKeys.Escape(message.Id), message) };

    /// <summary>The partition after <paramref name="commit"/> (with <paramref name="addedMessages"/>, sequence numbers set).</summary>
    public KnownPartition After(InstanceCommit commit, IReadOnlyList<InboxMessage> addedMessages) => new(
        Messages.RemoveRange(commit.RemoveMessageIds.Select(TableKeys.Escape)).SetItems(addedMessages.Select(m => KeyValuePair.Create(TableKeys.Escape(m.Id), m))),
        Activities.RemoveRange(commit.RemoveActivityIds.Select(TableKeys.Escape)).SetItems(commit.AddActivities.Select(a => KeyValuePair.Create(TableKeys.Escape(a.Id), a))),
        Outbox.RemoveRange(commit.RemoveOutboxIds.Select(TableKeys.Escape)).SetItems(commit.AddOutbox.Select(o => KeyValuePair.Create(TableKeys.Escape(o.Id), o))));
}

/// <summary>
/// What this process last wrote to each instance partition, with the instance row's ETag after that write. Valid only
/// while the row keeps that ETag: every write to a partition goes through the instance row (ADR 0002), so an equal
/// ETag means nothing else was written since. Bounded: past the capacity an arbitrary tenth is forgotten.
/// </summary>
sealed class KnownPartitions(int capacity)
{
    readonly ConcurrentDictionary<string, (string ETag, KnownPartition Partition)> partitions = new(StringComparer.Ordinal);

    public bool TryGet(string pk, [NotNullWhen(true)] out string? etag, [NotNullWhen(true)] out KnownPartition? partition)
    {
        if (partitions.TryGetValue(pk, out var entry))
        {
            (etag, partition) = entry;
            return true;
        }

        (etag, partition) = (null, null);
        return false;
    }

    public void Remember(string pk, string? etag, KnownPartition partition)
    {
        if (etag is null)
        {
            Forget(pk);
            return;
        }

        if (partitions.Count >= capacity)
        {
            foreach (var key in partitions.Keys.Take(Math.Max(1, capacity / 10)))
            {
                partitions.TryRemove(key, out _);
            }
        }

        partitions[pk] = (etag, partition);
    }

    /// <summary>After a successful commit: known afterwards if it created the partition or was known at the ETag the commit was conditional on.</summary>
    public void Committed(string pk, InstanceCommit commit, IReadOnlyList<InboxMessage> addedMessages, string? newETag)
    {
        if (commit.CreatesPartition)
        {
            Remember(pk, newETag, KnownPartition.Empty.After(commit, addedMessages));
        }
        else if (partitions.TryGetValue(pk, out var entry) && entry.ETag == commit.ETag)
        {
            Remember(pk, newETag, entry.Partition.After(commit, addedMessages));
        }
        else
        {
            Forget(pk);
        }
    }

    public void Forget(string pk) => partitions.TryRemove(pk, out _);
}
