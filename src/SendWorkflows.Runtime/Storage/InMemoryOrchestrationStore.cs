using System.Runtime.CompilerServices;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

/// <summary>
/// The store for fast simulations and tests: the same partition-and-ETag semantics as the table store, held in
/// dictionaries under one lock, with a wake-time index so finding due work never scans every instance.
/// Records are immutable, so handing them out needs no copying.
/// </summary>
/// <param name="retention">How much history to keep (<see cref="HistoryRetention"/>); simulations keep only what replay reads.</param>
public sealed class InMemoryOrchestrationStore(HistoryRetention retention = HistoryRetention.Full) : IOrchestrationStore
{
    readonly Lock gate = new();
    readonly Dictionary<string, Partition> partitions = new(StringComparer.Ordinal);
    readonly WakeCalendar wakeIndex = new();
    long versionCounter;
    long writes;

    sealed class Partition(InstanceRecord record, string etag)
    {
        public InstanceRecord Record = record;
        public string ETag = etag;
        public readonly List<HistoryEvent> History = [];
        public readonly Dictionary<string, InboxMessage> Messages = new(StringComparer.Ordinal);
        public readonly Dictionary<string, ActivityWorkItem> Activities = new(StringComparer.Ordinal);
        public readonly Dictionary<string, OutboxMessage> Outbox = new(StringComparer.Ordinal);
    }

    /// <summary>Writes made (creates, commits, deliveries); for the benchmark.</summary>
    public long StorageWrites => Interlocked.Read(ref writes);

    public int InstanceCount
    {
        get
        {
            lock (gate)
            {
                return partitions.Count;
            }
        }
    }

    public Task<bool> TryCreateInstanceAsync(InstanceRecord instance, InboxMessage startMessage, CancellationToken cancellation)
    {
        lock (gate)
        {
            if (partitions.ContainsKey(instance.InstanceId))
            {
                return Task.FromResult(false);
            }

            var record = instance with { WakeAt = Earliest(instance.WakeAt, startMessage.DueAt) };
            var partition = new Partition(record, NextETag());
            partition.Messages[startMessage.Id] = startMessage with { Sequence = ++versionCounter };
            partitions[instance.InstanceId] = partition;
            Index(null, record);
            return Task.FromResult(true);
        }
    }

    /// <summary>
    /// Writes a whole partition as another store held it (a replay-corpus snapshot), without its lease; false when
    /// the id exists. Nothing is checked: a history that no longer replays fails its instance on the next episode.
    /// </summary>
    public bool Import(InstanceWork partition)
    {
        lock (gate)
        {
            var record = partition.Instance.Record with { LeaseOwner = null, LeaseUntil = null };
            if (partitions.ContainsKey(record.InstanceId))
            {
                return false;
            }

            var p = new Partition(record, NextETag());
            p.History.AddRange(partition.History ?? []);
            foreach (var m in partition.Messages)
            {
                p.Messages[m.Id] = m;
                versionCounter = Math.Max(versionCounter, m.Sequence);
            }

            foreach (var a in partition.Activities)
            {
                p.Activities[a.Id] = a;
            }

            foreach (var o in partition.Outbox)
            {
                p.Outbox[o.Id] = o;
            }

            partitions[record.InstanceId] = p;
            Index(null, record);
            return true;
        }
    }

    public Task<StoredInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        lock (gate)
        {
            return Task.FromResult(partitions.TryGetValue(instanceId, out var p) ? new StoredInstance(p.Record, p.ETag) : null);
        }
    }

    public Task<InstanceWork?> LoadWorkAsync(string instanceId, bool includeHistory, CancellationToken cancellation)
    {
        lock (gate)
        {
            if (!partitions.TryGetValue(instanceId, out var p))
            {
                return Task.FromResult<InstanceWork?>(null);
            }

            return Task.FromResult<InstanceWork?>(new InstanceWork(
                new StoredInstance(p.Record, p.ETag),
                Copy(p.Messages.Values),
                Copy(p.Activities.Values),
                Copy(p.Outbox.Values),
                includeHistory ? [.. p.History] : null));
        }
    }

    /// <summary>
    /// A partition's rows as read at this moment, in the dictionary's order. A plain array (no read-only wrapper around
    /// it) or the shared empty one: a shard reads a partition at every wake, and its outbox and activities are mostly empty.
    /// </summary>
    static IReadOnlyList<T> Copy<T>(Dictionary<string, T>.ValueCollection rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var copy = new T[rows.Count];
        rows.CopyTo(copy, 0);
        return copy;
    }

    public Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellation)
    {
        lock (gate)
        {
            Partition? p;
            InstanceRecord? before;
            if (commit.CreatesPartition)
            {
                if (partitions.ContainsKey(commit.InstanceId))
                {
                    throw new OrchestrationConcurrencyException(commit.InstanceId);
                }

                // A new instance with its first episode applied (ADR 0133): the commit's removals name nothing stored.
                p = new Partition(commit.Record, string.Empty);
                partitions[commit.InstanceId] = p;
                before = null;
            }
            else if (!partitions.TryGetValue(commit.InstanceId, out p) || p.ETag != commit.ETag)
            {
                throw new OrchestrationConcurrencyException(commit.InstanceId);
            }
            else
            {
                before = p.Record;
            }

            if (commit.Record.Generation != p.Record.Generation)
            {
                p.History.Clear();
            }

            if (retention == HistoryRetention.Full)
            {
                p.History.AddRange(commit.AppendHistory);
            }
            else if (retention == HistoryRetention.ReplayOnly && !commit.Record.IsTerminal)
            {
                for (var i = 0; i < commit.AppendHistory.Count; i++)
                {
                    p.History.Add(ForReplay(commit.AppendHistory[i]));
                }
            }
            else
            {
                p.History.Clear();
                p.History.TrimExcess();
            }

            // Index loops: a foreach over an IReadOnlyList allocates an enumerator, and this runs on every commit.
            for (var i = 0; i < commit.RemoveMessageIds.Count; i++)
            {
                var id = commit.RemoveMessageIds[i];
                p.Messages.Remove(id);
            }

            for (var i = 0; i < commit.AddMessages.Count; i++)
            {
                var m = commit.AddMessages[i];
                p.Messages[m.Id] = m with { Sequence = ++versionCounter };
            }

            for (var i = 0; i < commit.RemoveActivityIds.Count; i++)
            {
                var id = commit.RemoveActivityIds[i];
                p.Activities.Remove(id);
            }

            for (var i = 0; i < commit.AddActivities.Count; i++)
            {
                var a = commit.AddActivities[i];
                p.Activities[a.Id] = a;
            }

            for (var i = 0; i < commit.RemoveOutboxIds.Count; i++)
            {
                var id = commit.RemoveOutboxIds[i];
                p.Outbox.Remove(id);
            }

            for (var i = 0; i < commit.AddOutbox.Count; i++)
            {
                var o = commit.AddOutbox[i];
                p.Outbox[o.Id] = o;
            }

            Index(before, commit.Record);
            p.Record = commit.Record;
            p.ETag = NextETag();
            return Task.FromResult(p.ETag);
        }
    }

    public Task<bool> DeliverAsync(string instanceId, InboxMessage message, CancellationToken cancellation)
    {
        lock (gate)
        {
            if (!partitions.TryGetValue(instanceId, out var p))
            {
                return Task.FromResult(false);
            }

            if (p.Record.IsTerminal || !p.Messages.TryAdd(message.Id, message with { Sequence = ++versionCounter }))
            {
                return Task.FromResult(true);
            }

            var record = p.Record with { WakeAt = Earliest(p.Record.WakeAt, message.DueAt) };
            Index(p.Record, record);
            p.Record = record;
            p.ETag = NextETag();
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> FindDueInstancesAsync(DateTimeOffset now, int maxCount, CancellationToken cancellation)
    {
        lock (gate)
        {
            var due = wakeIndex.Due(now, maxCount);
            return Task.FromResult<IReadOnlyList<string>>(due);
        }
    }

    public Task<DateTimeOffset?> GetNextWakeAsync(CancellationToken cancellation)
    {
        lock (gate)
        {
            return Task.FromResult(wakeIndex.Next());
        }
    }

    public async IAsyncEnumerable<InstanceRecord> QueryInstancesAsync(
        OrchestrationQuery query, [EnumeratorCancellation] CancellationToken cancellation)
    {
        List<InstanceRecord> matches;
        lock (gate)
        {
            matches = [.. partitions.Values.Select(p => p.Record).Where(query.Matches).OrderBy(r => r.InstanceId, StringComparer.Ordinal)];
        }

        foreach (var record in matches)
        {
            cancellation.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        lock (gate)
        {
            if (!partitions.Remove(instanceId, out var p))
            {
                return Task.FromResult(false);
            }

            Index(p.Record, null);
            return Task.FromResult(true);
        }
    }

    /// <summary>Test hook: replaces one history event as a damaged store row would look after being read back.</summary>
    public void ReplaceHistoryEventForTesting(string instanceId, int index, HistoryEvent replacement)
    {
        lock (gate)
        {
            partitions[instanceId].History[index] = replacement;
        }
    }

    void Index(InstanceRecord? before, InstanceRecord? after)
    {
        if (before is not null && after is not null && before.EffectiveWakeAt == after.EffectiveWakeAt)
        {
            return; // most commits keep the wake time: re-inserting it would only churn the index's nodes
        }

        if (before?.EffectiveWakeAt is { } oldWake)
        {
            wakeIndex.Remove(oldWake, before.InstanceId);
        }

        if (after?.EffectiveWakeAt is { } newWake)
        {
            wakeIndex.Add(newWake, after.InstanceId);
        }
    }

    string NextETag()
    {
        writes++;
        return (++versionCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The wake-time index: each instant with the instances that wake then, instants in order. Due work comes out in
    /// (time, instance id) order, as from one sorted set of pairs; but many instances wake at the same instant (a day's
    /// timers at one hour), so re-filing an instance at each wake touches two hash sets and compares a few times instead
    /// of comparing ids down a tree of every waiting instance (4 % of a simulation shard's CPU). Ids are sorted only
    /// when an instant is read.
    /// </summary>
    sealed class WakeCalendar
    {
        readonly SortedSet<long> instants = [];

        /// <summary>By UTC ticks: the instances due then, each with its wake time as written (offset included).</summary>
        readonly Dictionary<long, Dictionary<string, DateTimeOffset>> byInstant = [];
        readonly Stack<Dictionary<string, DateTimeOffset>> spare = new();

        public void Add(DateTimeOffset wakeAt, string instanceId)
        {
            var ticks = wakeAt.UtcTicks;
            if (!byInstant.TryGetValue(ticks, out var bucket))
            {
                bucket = spare.Count > 0 ? spare.Pop() : new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
                byInstant[ticks] = bucket;
                instants.Add(ticks);
            }

            bucket.TryAdd(instanceId, wakeAt); // as a set of pairs: an entry already there stays as it is
        }

        public void Remove(DateTimeOffset wakeAt, string instanceId)
        {
            var ticks = wakeAt.UtcTicks;
            if (byInstant.TryGetValue(ticks, out var bucket) && bucket.Remove(instanceId) && bucket.Count == 0)
            {
                byInstant.Remove(ticks);
                instants.Remove(ticks);
                if (spare.Count < 64)
                {
                    spare.Push(bucket);
                }
            }
        }

        /// <summary>Up to <paramref name="maxCount"/> instances due at <paramref name="now"/>, earliest first, then by id.</summary>
        public List<string> Due(DateTimeOffset now, int maxCount)
        {
            var due = new List<string>();
            foreach (var ticks in instants)
            {
                if (ticks > now.UtcTicks || due.Count >= maxCount)
                {
                    break;
                }

                var ids = byInstant[ticks].Keys.ToArray();
                Array.Sort(ids, StringComparer.Ordinal);
                due.AddRange(ids.Length <= maxCount - due.Count ? ids : ids.AsSpan(0, maxCount - due.Count));
            }

            return due;
        }

        /// <summary>The earliest wake time, as the first of (time, id) would give it; null when nothing waits.</summary>
        public DateTimeOffset? Next()
        {
            if (instants.Count == 0)
            {
                return null;
            }

            string? first = null;
            DateTimeOffset wakeAt = default;
            foreach (var (id, at) in byInstant[instants.Min])
            {
                if (first is null || string.CompareOrdinal(id, first) < 0)
                {
                    (first, wakeAt) = (id, at);
                }
            }

            return wakeAt;
        }
    }

    /// <summary>
    /// Replay checks a scheduling decision by its kind and name; the payload it was sent with is already in the work
    /// item or message it produced, so a replay-only history does not keep a second copy.
    /// </summary>
    static HistoryEvent ForReplay(HistoryEvent e) => e switch
    {
        TaskScheduled t => t with { Input = null },
        SubOrchestrationCreated s => s with { Input = null, InputValue = null },
        EventSent s => s with { Input = null, InputValue = null },
        _ => e,
    };

    static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;
}

/// <summary>How much of each instance's history an <see cref="InMemoryOrchestrationStore"/> keeps.</summary>
public enum HistoryRetention
{
    /// <summary>Everything, as the table store does.</summary>
    Full,

    /// <summary>
    /// Only what a replay reads: a finished instance (which never replays) keeps its row but no history, and scheduled
    /// activities, sub-orchestrations and sent events keep no payload. For simulations, whose memory then grows
    /// with the running workflows, not with every event of every instance.
    /// </summary>
    ReplayOnly,

    /// <summary>
    /// None: only the row's count of events. For a store whose one runtime keeps every instance's session cached for
    /// the instance's whole life (a simulation shard, ADR 0132), where history is written and never read; an instance
    /// whose session is lost cannot be replayed and fails (its row counts events the store cannot give back).
    /// </summary>
    None,
}

static class OrchestrationQueryExtensions
{
    public static bool Matches(this OrchestrationQuery query, InstanceRecord record) =>
        (query.InstanceIdPrefix is null || record.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal))
        && (query.CreatedFrom is null || record.CreatedAt >= query.CreatedFrom)
        && (query.CreatedTo is null || record.CreatedAt <= query.CreatedTo)
        && (query.Statuses is null || query.Statuses.Contains(record.Status));
}
