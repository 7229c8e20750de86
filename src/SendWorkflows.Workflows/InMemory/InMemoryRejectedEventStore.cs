namespace SendWorkflows.Workflows.InMemory;

/// <summary>
/// The rejected-events store of a simulation or a test, in the order things were rejected. As
/// <see cref="IRejectedItems"/> each item's key is its position (1 for the first), listed newest first like the table.
/// </summary>
public sealed class InMemoryRejectedEventStore : IRejectedEventStore, IRejectedItems
{
    readonly List<RejectedEvent> rejected = [];
    readonly Dictionary<int, RejectedItemSettlement> settlements = [];
    readonly Lock gate = new();

    public Task RecordAsync(RejectedEvent rejectedEvent, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            rejected.Add(rejectedEvent);
        }

        return Task.CompletedTask;
    }

    public IAsyncEnumerable<RejectedEvent> AllAsync(CancellationToken cancellationToken = default) =>
        All().ToAsync(cancellationToken);

    public IReadOnlyList<RejectedEvent> All()
    {
        lock (gate)
        {
            return [.. rejected];
        }
    }

    public IAsyncEnumerable<RejectedItem> ItemsAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Enumerable.Range(1, rejected.Count).Reverse().Select(Item).ToList().ToAsync(cancellationToken);
        }
    }

    /// <summary>Newest first, so the items after key <c>n</c> are positions <c>n - 1</c> down to 1.</summary>
    public Task<IReadOnlyList<RejectedItem>> PageAfterAsync(string? after, int take, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var below = after is null ? rejected.Count + 1 : Position(after) ?? 1;
            var count = Math.Clamp(below - 1, 0, Math.Max(take, 0));
            return Task.FromResult<IReadOnlyList<RejectedItem>>([.. Enumerable.Range(below - count, count).Reverse().Select(Item)]);
        }
    }

    public Task<RejectedItem?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(Position(key) is { } position ? Item(position) : null);
        }
    }

    public Task<bool> SettleAsync(string key, RejectedItemSettlement settlement, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(Position(key) is { } position && settlements.TryAdd(position, settlement));
        }
    }

    int? Position(string key) =>
        int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
        && position >= 1 && position <= rejected.Count ? position : null;

    RejectedItem Item(int position) =>
        new(position.ToString(System.Globalization.CultureInfo.InvariantCulture), rejected[position - 1], settlements.GetValueOrDefault(position));
}
