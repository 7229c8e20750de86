using Azure.Data.Tables;
using SendWorkflows.Runtime;

namespace SendWorkflows.Host.Simulation;

/// <summary>The orchestration store a simulation runs on.</summary>
static class SimulationStores
{
    /// <summary>
    /// In memory, one instance at a time: an in-memory step is shorter than a hand-off between threads, and the
    /// profile showed parallel workers spinning and waiting for the store's lock (docs/benchmarks.md). The table
    /// store keeps the default parallelism, which overlaps its round trips. A shard's in-memory store is its runtime's
    /// alone, so it takes no leases (a commit fewer each time an instance wakes), and nobody reads its activities'
    /// inputs as JSON, so activities get them by reference (ADR 0017), and orchestrations their inputs and the events
    /// raised to them (ADR 0136). Its runtime keeps every session, so nothing ever replays and the store keeps no
    /// history: written at every wake and never read, it was about a fifth of what the garbage collector promoted
    /// (ADR 0132).
    /// </summary>
    public static EmbeddedRuntimeOptions RuntimeOptions(SimulationOptions options) =>
        options.Store == SimulationStore.Memory
            ? new EmbeddedRuntimeOptions
            {
                InstanceConcurrency = 1,
                ExclusiveStore = true,
                ActivityInputsByReference = true,
                OrchestrationInputsByReference = true,
                ActivityResultsInSameStep = true,
                ActivityInputAudit = options.ActivityInputAudit,
                MaxCachedSessions = int.MaxValue,
            }
            : new EmbeddedRuntimeOptions();

    public static async Task<IOrchestrationStore> CreateAsync(SimulationOptions options, CancellationToken cancellationToken)
    {
        if (options.Store == SimulationStore.Memory)
        {
            return new InMemoryOrchestrationStore(HistoryRetention.None);
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
