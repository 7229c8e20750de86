using Azure.Data.Tables;
using SendWorkflows.Runtime;

namespace SendWorkflows.Host.Simulation;

/// <summary>The orchestration store a simulation runs on.</summary>
static class SimulationStores
{
    public static async Task<IOrchestrationStore> CreateAsync(SimulationOptions options, CancellationToken cancellationToken)
    {
        if (options.Store == SimulationStore.Memory)
        {
            // A finished instance never replays, so its history is dropped: memory grows with the running workflows only.
            return new InMemoryOrchestrationStore(keepFinishedHistory: false);
        }

        // A fresh task hub per run: instance ids repeat between runs, and starting an existing id is a no-op.
        TableServiceClient tables;
        try
        {
            tables = new TableServiceClient(options.Connection);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new SimulationInputException($"--connection is not a usable Azure Storage connection string: {e.Message}");
        }

        var store = new AzureTableOrchestrationStore(tables, $"sim{Guid.NewGuid():N}"[..19]);
        await store.CreateIfNotExistsAsync(cancellationToken);
        return store;
    }
}
