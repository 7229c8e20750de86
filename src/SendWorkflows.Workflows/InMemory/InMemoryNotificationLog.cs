using System.Runtime.CompilerServices;
using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.InMemory;

/// <summary>The notification log of a simulation or a test: keyed, first record wins.</summary>
public sealed class InMemoryNotificationLog : INotificationLog
{
    readonly Dictionary<string, Notification> byKey = new(StringComparer.Ordinal);

    // Kept in the contract's order as they are recorded: the weekly digest reads the whole log every week, and
    // sorting it each time cost a simulation time in proportion to weeks x notifications x log(notifications).
    readonly SortedSet<Notification> inOrder = new(Comparer<Notification>.Create(
        (a, b) => a.On != b.On ? a.On.CompareTo(b.On) : string.CompareOrdinal(a.Key, b.Key)));

    readonly Lock gate = new();

    public Task<bool> RecordAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (!byKey.TryAdd(notification.Key, notification))
            {
                return Task.FromResult(false);
            }

            inOrder.Add(notification);
            return Task.FromResult(true);
        }
    }

    public IAsyncEnumerable<Notification> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        Snapshot(n => n.CaseId == caseId).ToAsync(cancellationToken);

    public IAsyncEnumerable<Notification> AllAsync(CancellationToken cancellationToken = default) =>
        Snapshot(_ => true).ToAsync(cancellationToken);

    public IAsyncEnumerable<Notification> OnDatesAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken = default) =>
        OnDates(from, until).ToAsync(cancellationToken);

    /// <summary>The notifications dated in [<paramref name="from"/>, <paramref name="until"/>), by date then key: a range of the ordered set.</summary>
    public IReadOnlyList<Notification> OnDates(DateOnly from, DateOnly until)
    {
        if (until <= from)
        {
            return [];
        }

        lock (gate)
        {
            // Every real key is longer than "", so (until, "") bounds the range before any notification dated until.
            return [.. inOrder.GetViewBetween(Bound(from), Bound(until)).Where(n => n.On < until)];
        }
    }

    static Notification Bound(DateOnly on) => new("", default, "", on, [], [], null, NotificationFacts.None);

    /// <summary>Everything recorded, in the contract's deterministic order: by date, then key.</summary>
    public IReadOnlyList<Notification> All() => Snapshot(_ => true);

    List<Notification> Snapshot(Func<Notification, bool> filter)
    {
        lock (gate)
        {
            return [.. inOrder.Where(filter)];
        }
    }
}

static class AsyncEnumerableExtensions
{
    public static async IAsyncEnumerable<T> ToAsync<T>(
        this IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask;
    }
}
