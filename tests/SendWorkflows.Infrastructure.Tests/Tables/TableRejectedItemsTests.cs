using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tests.Tables;

/// <summary>
/// The rejected-events table as the administrator's list (ADR 0110) on Azurite: items come back newest first with a
/// key that finds them again, a settlement is written once even when two administrators settle at the same moment,
/// and the rejection itself is never changed.
/// </summary>
[Collection(LocalServicesCollection.Name)]
public sealed class TableRejectedItemsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_item_is_found_by_its_key_and_settled_once_while_the_rejection_stays_as_it_was()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var service = new TableServiceClient(azurite.ConnectionString);
        try
        {
            await service.DeleteTableAsync(TableRejectedEventStore.TableName); // the name is fixed: start from none
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }

        var store = new TableRejectedEventStore(service, clock);
        var older = new RejectedEvent("http", "unknown case EHC-1", "evt-1", "EHC-1", "AdviceRequested");
        var newer = new RejectedEvent("caseload", "setting_type is not known", CaseId: "EHC-2", Line: 3, Field: "setting_type");
        Assert.Empty(await ToListAsync(store.ItemsAsync())); // readable before anything was rejected
        await store.RecordAsync(older);
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.RecordAsync(newer);

        var items = await ToListAsync(store.ItemsAsync());
        Assert.Equal([newer, older], items.Select(i => i.Rejected));
        Assert.All(items, i => Assert.True(i.Open));
        var key = items[1].Key;
        Assert.Equal(older, (await store.FindAsync(key))!.Rejected);
        Assert.Null(await store.FindAsync("no-such-key"));

        var settlement = new RejectedItemSettlement(RejectedItemStatus.Resolved, "admin@council.example.org", clock.GetUtcNow(), "Sent again as AdviceRequested event evt-1: applied.");
        var settled = await Task.WhenAll(
            store.SettleAsync(key, settlement),
            store.SettleAsync(key, settlement with { Status = RejectedItemStatus.Dismissed, Note = "Dismissed: duplicate" }));

        Assert.Single(settled, true);
        var found = (await store.FindAsync(key))!;
        Assert.NotNull(found.Settlement);
        Assert.Equal(older, found.Rejected);
        Assert.False(await store.SettleAsync(key, settlement));
        Assert.False(await store.SettleAsync("no-such-key", settlement));
        Assert.Equal([newer, older], await ToListAsync(store.AllAsync()));
        Assert.Null((await store.FindAsync(items[0].Key))!.Settlement);
    }

    [Fact]
    public async Task Counts_stay_exact_with_many_writers_and_settlements_and_include_items_stored_before_counts_were_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var service = new TableServiceClient(azurite.ConnectionString);
        await DeleteTableAsync(service);

        // Two items as the store wrote them before it kept counts (ADR 0111): no Counted column, one already settled.
        var entities = service.GetTableClient(TableRejectedEventStore.TableName);
        await entities.CreateIfNotExistsAsync();
        var settlement = new RejectedItemSettlement(RejectedItemStatus.Dismissed, "admin@council.example.org", clock.GetUtcNow(), "Dismissed: a test row");
        foreach (var (key, settled) in new[] { ("9000000000000000001-old", true), ("9000000000000000002-old", false) })
        {
            var row = new TableEntity("rejected", key) { ["Json"] = System.Text.Json.JsonSerializer.Serialize(new RejectedEvent("http", "an earlier rejection"), TableJson.Options) };
            if (settled)
            {
                row["Settlement"] = System.Text.Json.JsonSerializer.Serialize(settlement, TableJson.Options);
            }

            await entities.AddEntityAsync(row);
        }

        var store = new TableRejectedEventStore(service, clock);
        await Task.WhenAll(Enumerable.Range(1, 16).Select(i => store.RecordAsync(new RejectedEvent("http", $"reason {i}", $"evt-{i}"))));
        Assert.Equal(new RejectedCounts(18, 17), await store.CountAsync());

        var items = await ToListAsync(store.ItemsAsync());
        Assert.Equal(18, items.Count); // the count rows are not items
        var settledAtOnce = await Task.WhenAll(items.Take(5).Select(i => store.SettleAsync(i.Key, settlement)));
        Assert.All(settledAtOnce, Assert.True);
        Assert.False(await store.SettleAsync(items[0].Key, settlement));
        Assert.Equal(new RejectedCounts(18, 12), await store.CountAsync());

        // A new store (another process) finds the earlier items counted once, not again.
        Assert.Equal(new RejectedCounts(18, 12), await new TableRejectedEventStore(service, clock).CountAsync());
        Assert.Null(await store.FindAsync("~count:00"));
        Assert.False(await store.SettleAsync("~count:00", settlement));
    }

    [Fact]
    public async Task A_page_of_items_is_the_same_slice_as_the_whole_list()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var service = new TableServiceClient(azurite.ConnectionString);
        await DeleteTableAsync(service);
        var store = new TableRejectedEventStore(service, clock);
        for (var i = 1; i <= 7; i++)
        {
            await store.RecordAsync(new RejectedEvent("http", $"reason {i}", $"evt-{i}"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var all = await ToListAsync(store.ItemsAsync());
        Assert.Equal(["evt-7", "evt-6", "evt-5"], all.Take(3).Select(i => i.Rejected.EventId));
        Assert.Equal(all.Skip(2).Take(3).Select(i => i.Key), (await store.PageAsync(2, 3)).Select(i => i.Key));
        Assert.Equal(all.Skip(6).Select(i => i.Key), (await store.PageAsync(6, 3)).Select(i => i.Key));
        Assert.Empty(await store.PageAsync(7, 3));
    }

    [Fact]
    public async Task Pages_after_a_key_read_one_query_each_and_do_not_shift_when_new_items_arrive()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var queries = new CountQueries();
        var service = azurite.CreateTableServiceClient(queries);
        await DeleteTableAsync(service);
        var store = new TableRejectedEventStore(service, clock);
        for (var i = 1; i <= 7; i++)
        {
            await store.RecordAsync(new RejectedEvent("http", $"reason {i}", $"evt-{i}"));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var before = queries.Count;
        var first = await store.PageAfterAsync(null, 3);
        Assert.Equal(["evt-7", "evt-6", "evt-5"], first.Select(i => i.Rejected.EventId));
        Assert.Equal(1, queries.Count - before); // $top=3 over the items' key range: not the whole table

        await store.RecordAsync(new RejectedEvent("http", "arrived while paging", "evt-8")); // sorts first: the next page is unchanged
        before = queries.Count;
        var second = await store.PageAfterAsync(first[^1].Key, 3);
        Assert.Equal(["evt-4", "evt-3", "evt-2"], second.Select(i => i.Rejected.EventId));
        Assert.Equal(1, queries.Count - before);
        Assert.Equal(["evt-1"], (await store.PageAfterAsync(second[^1].Key, 3)).Select(i => i.Rejected.EventId)); // and not the count rows after it
        Assert.Equal(["evt-8", "evt-7"], (await store.PageAfterAsync(null, 2)).Select(i => i.Rejected.EventId));
    }

    /// <summary>Counts the queries sent to the rejected-events table (a page is one).</summary>
    sealed class CountQueries : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        int count;

        public int Count => Volatile.Read(ref count);

        public override ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        void Check(Azure.Core.HttpMessage message)
        {
            if (message.Request.Method == Azure.Core.RequestMethod.Get && message.Request.Uri.Path.Contains("/" + TableRejectedEventStore.TableName + "(", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        }
    }

    static async Task DeleteTableAsync(TableServiceClient service)
    {
        try
        {
            await service.DeleteTableAsync(TableRejectedEventStore.TableName); // the name is fixed: start from none
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
