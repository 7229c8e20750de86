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
            return new InMemoryOrchestrationStore();
        }

        // A fresh task hub per run: instance ids repeat between runs, and starting an existing id is a no-op.
        var store = new AzureTableOrchestrationStore(new TableServiceClient(options.Connection), $"sim{Guid.NewGuid():N}"[..19]);
        await store.CreateIfNotExistsAsync(cancellationToken);
        return store;
    }
}
