using Azure.Data.Tables;
using SendWorkflows.Orchestration;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Runtime.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableRuntimeBehaviourTests(AzuriteFixture azurite) : RuntimeBehaviourTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => AzureStores.CreateAsync(azurite);

    /// <summary>Overwrites the first history row with text that is not JSON, as a damaged row would read back.</summary>
    protected override async Task CorruptHistoryAsync(IOrchestrationStore store, string instanceId)
    {
        var table = ((AzureTableOrchestrationStore)store).TableForTesting;
        var row = await table.GetEntityAsync<TableEntity>(instanceId, "h|000000|00000000");
        row.Value["Body"] = "{\"$type\":\"TaskScheduled\",";
        await table.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace);
    }
}

/// <summary>What only the table store can suffer: rows damaged outside the runtime.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_unreadable_inbox_row_fails_its_instance_clearly_keeps_the_row_and_others_carry_on()
    {
        var store = (AzureTableOrchestrationStore)await AzureStores.CreateAsync(azurite);
        await using var h = new Harness(store);
        h.Orchestrator<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("Go"));
        var runtime = h.NewRuntime();
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "x", new StartOrchestrationOptions("damaged"));
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "x", new StartOrchestrationOptions("healthy"));
        await runtime.RunUntilIdleAsync();
        await runtime.Client.RaiseEventAsync("damaged", "Go", "done");
        await runtime.Client.RaiseEventAsync("healthy", "Go", "done");
        var table = store.TableForTesting;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == "damaged"))
        {
            if (row.RowKey.StartsWith("m|", StringComparison.Ordinal))
            {
                row["Body"] = "not json";
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
            }
        }

        await runtime.RunUntilIdleAsync();

        var failed = await runtime.Client.GetInstanceAsync("damaged");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed!.RuntimeStatus);
        Assert.True(failed.FailureDetails!.IsCausedBy<CorruptHistoryException>());
        Assert.Contains("'m|event|client|", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runtime.Client.GetInstanceAsync("healthy"))!.RuntimeStatus);
        var kept = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "damaged").ToListAsync();
        Assert.Contains(kept, r => r.GetString("Body") == "not json");
    }
}

[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableDurabilityTests(AzuriteFixture azurite) : DurabilityTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => AzureStores.CreateAsync(azurite);

    // Every write is a round trip to Azurite: try a spread of crash points across the whole scenario.
    protected override IEnumerable<int> CrashPoints => Enumerable.Range(1, 80).Where(n => n <= 12 || n % 3 == 0);
}

static class AzureStores
{
    public static async Task<IOrchestrationStore> CreateAsync(AzuriteFixture azurite)
    {
        var store = new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(), azurite.NewTableName("hub"));
        await store.CreateIfNotExistsAsync();
        return store;
    }
}
