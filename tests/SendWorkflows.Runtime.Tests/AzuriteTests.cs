using Azure.Data.Tables;
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
