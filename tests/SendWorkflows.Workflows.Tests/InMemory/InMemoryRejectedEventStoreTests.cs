using SendWorkflows.Workflows.InMemory;

namespace SendWorkflows.Workflows.Tests.InMemory;

/// <summary>The in-memory rejected store pages newest first by key, as the table does, and the port's default agrees.</summary>
public sealed class InMemoryRejectedEventStoreTests
{
    static async Task<InMemoryRejectedEventStore> StoreOfAsync(int count)
    {
        var store = new InMemoryRejectedEventStore();
        for (var i = 1; i <= count; i++)
        {
            await store.RecordAsync(new RejectedEvent("http", $"reason {i}", $"evt-{i}"));
        }

        return store;
    }

    [Fact]
    public async Task Pages_after_a_key_continue_newest_first_and_do_not_shift_when_new_items_arrive()
    {
        var store = await StoreOfAsync(7);

        var first = await store.PageAfterAsync(null, 3);
        await store.RecordAsync(new RejectedEvent("http", "arrived while paging", "evt-8"));
        var second = await store.PageAfterAsync(first[^1].Key, 3);
        var last = await store.PageAfterAsync(second[^1].Key, 3);

        Assert.Equal(["evt-7", "evt-6", "evt-5"], first.Select(i => i.Rejected.EventId));
        Assert.Equal(["evt-4", "evt-3", "evt-2"], second.Select(i => i.Rejected.EventId));
        Assert.Equal(["evt-1"], last.Select(i => i.Rejected.EventId));
        Assert.Empty(await store.PageAfterAsync(last[^1].Key, 3));
        Assert.Empty(await store.PageAfterAsync("no-such-key", 3));
    }

    [Fact]
    public async Task The_ports_default_paging_gives_the_same_pages_as_the_stores_own()
    {
        var store = await StoreOfAsync(5);
        IRejectedItems byItems = new ItemsOnly(store);

        foreach (var (after, take) in new (string?, int)[] { (null, 2), ("5", 2), ("3", 10), ("1", 2) })
        {
            Assert.Equal(
                (await store.PageAfterAsync(after, take)).Select(i => i.Key),
                (await byItems.PageAfterAsync(after, take)).Select(i => i.Key));
        }
    }

    /// <summary>A store that offers only the members without defaults, as test doubles do.</summary>
    sealed class ItemsOnly(InMemoryRejectedEventStore store) : IRejectedItems
    {
        public IAsyncEnumerable<RejectedItem> ItemsAsync(CancellationToken cancellationToken = default) => store.ItemsAsync(cancellationToken);

        public Task<RejectedItem?> FindAsync(string key, CancellationToken cancellationToken = default) => store.FindAsync(key, cancellationToken);

        public Task<bool> SettleAsync(string key, RejectedItemSettlement settlement, CancellationToken cancellationToken = default) =>
            store.SettleAsync(key, settlement, cancellationToken);
    }
}
