using System.Text;
using SendWorkflows.Domain;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// What notifications.jsonl says of one notification (contract section 5) and the key it is ordered by: all the merge
/// and the output need, without the facts and digest items a workflow recorded with it.
/// </summary>
public sealed record ContractNotification(
    string Key, NotificationKind Kind, string CaseId, DateOnly On, IReadOnlyList<string> To, IReadOnlyList<string> Cc, DateOnly? DueOn)
{
    public static ContractNotification Of(Notification n) => new(n.Key, n.Kind, n.CaseId, n.On, n.To, n.Cc, n.DueOn);

    /// <summary>The contract's order (by date, then key, ordinal): the order of notifications.jsonl.</summary>
    public static int Compare(DateOnly aOn, string aKey, DateOnly bOn, string bKey) =>
        aOn != bOn ? aOn.CompareTo(bOn) : string.CompareOrdinal(aKey, bKey);
}

/// <summary>One shard's (or the council pass's) notifications in the contract's order, kept until the merge (ADR 0016).</summary>
public abstract class NotificationRun
{
    public abstract int Count { get; }

    public abstract IEnumerable<ContractNotification> Read();
}

/// <summary>A run held in the heap, with each notification's facts (tests and the dashboard benchmark read them).</summary>
public sealed class InMemoryNotificationRun(IReadOnlyList<Notification> inOrder) : NotificationRun
{
    public IReadOnlyList<Notification> Notifications { get; } = inOrder;

    public override int Count => Notifications.Count;

    public override IEnumerable<ContractNotification> Read() => Notifications.Select(ContractNotification.Of);
}

/// <summary>
/// A run written to a file as its shard ends, so a finished shard's notifications leave the heap: length-prefixed
/// UTF-8 fields (never split by any character a key or address holds), read back one record at a time by the merge.
/// </summary>
public sealed class SpilledNotificationRun : NotificationRun
{
    readonly string path;

    SpilledNotificationRun(string path, int count) => (this.path, Count) = (path, count);

    public override int Count { get; }

    /// <summary>Writes <paramref name="inOrder"/> (already in the contract's order) to <paramref name="path"/>.</summary>
    public static SpilledNotificationRun Write(string path, IEnumerable<Notification> inOrder)
    {
        var count = 0;
        using var writer = new BinaryWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8);
        foreach (var n in inOrder)
        {
            writer.Write(n.On.DayNumber);
            writer.Write(n.Key);
            writer.Write((int)n.Kind);
            writer.Write(n.CaseId);
            WriteList(writer, n.To);
            WriteList(writer, n.Cc);
            writer.Write(n.DueOn?.DayNumber ?? -1);
            count++;
        }

        return new SpilledNotificationRun(path, count);
    }

    public override IEnumerable<ContractNotification> Read()
    {
        using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Encoding.UTF8);
        for (var i = 0; i < Count; i++)
        {
            var on = DateOnly.FromDayNumber(reader.ReadInt32());
            var key = reader.ReadString();
            var kind = (NotificationKind)reader.ReadInt32();
            var caseId = reader.ReadString();
            var to = ReadList(reader);
            var cc = ReadList(reader);
            var due = reader.ReadInt32();
            yield return new ContractNotification(key, kind, caseId, on, to, cc, due < 0 ? null : DateOnly.FromDayNumber(due));
        }
    }

    static void WriteList(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    static string[] ReadList(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }
}

/// <summary>
/// Every run's notifications in the contract's order: a k-way merge of runs that are each in that order, reading one
/// record of each at a time. Equal keys come in the order of the runs (shards by number, then the council pass), as a
/// stable sort of the runs one after another would give them.
/// </summary>
public sealed class SimulatedNotifications(IReadOnlyList<NotificationRun> runs)
{
    public int Count { get; } = runs.Sum(r => r.Count);

    public IEnumerable<ContractNotification> InOrder() => OrderedMerge.Merge(
        [.. runs.Select(r => r.Read())],
        Comparer<ContractNotification>.Create(static (a, b) => ContractNotification.Compare(a.On, a.Key, b.On, b.Key)));
}

/// <summary>A k-way merge of sequences each already sorted by one comparer; ties go to the earlier sequence.</summary>
public static class OrderedMerge
{
    public static IEnumerable<T> Merge<T>(IReadOnlyList<IEnumerable<T>> sorted, IComparer<T> comparer)
    {
        var cursors = new List<IEnumerator<T>>(sorted.Count);
        try
        {
            var heads = new PriorityQueue<int, (T Item, int Run)>(Comparer<(T Item, int Run)>.Create((a, b) =>
                comparer.Compare(a.Item, b.Item) is var order and not 0 ? order : a.Run.CompareTo(b.Run)));
            foreach (var sequence in sorted)
            {
                var cursor = sequence.GetEnumerator();
                cursors.Add(cursor);
                if (cursor.MoveNext())
                {
                    heads.Enqueue(cursors.Count - 1, (cursor.Current, cursors.Count - 1));
                }
            }

            while (heads.TryDequeue(out var run, out var head))
            {
                yield return head.Item;
                if (cursors[run].MoveNext())
                {
                    heads.Enqueue(run, (cursors[run].Current, run));
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }
}
