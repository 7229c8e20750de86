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
