using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.DurableTask;
using SendWorkflows.Runtime;
using SendWorkflows.Web.Hosting;

namespace SendWorkflows.Host.Hosting;

/// <summary>
/// The embedded durable runtime in the host: history in Azure Tables (task hub <c>Storage:HubName</c>) or memory,
/// processing in real time on the case clock while the host runs, as many at once as <see cref="RuntimeSettings"/> say. The import command only schedules through the
/// client; a running host picks the work up.
/// </summary>
public static class RuntimeHosting
{
    public static IServiceCollection AddEmbeddedRuntime(
        this IServiceCollection services, StorageOptions storage, Action<DurableTaskRegistry> registerWorkflows, RuntimeSettings? settings = null)
    {
        settings ??= new RuntimeSettings();
        settings.Validate();
        services.TryAddSingleton(_ =>
        {
            var registry = new DurableTaskRegistry();
            registerWorkflows(registry);
            return registry;
        });
        services.TryAddSingleton<IOrchestrationStore>(sp => storage.InMemory
            ? new InMemoryOrchestrationStore()
            : new AzureTableOrchestrationStore(sp.GetRequiredService<TableServiceClient>(), storage.HubName));
        services.TryAddSingleton<Web.Dashboard.IWorkflowVersionCounts>(sp => new EmbeddedVersionCounts(sp.GetRequiredService<IOrchestrationStore>()));
        services.TryAddSingleton(sp =>
        {
            var clock = sp.GetRequiredService<TimeProvider>();
            var speed = sp.GetService<DemoClockDriver>()?.Speed ?? 1;
            // Leases and the idle poll are measured on the case clock: stretch them when the demo runs it faster than
            // real time. An idle runtime then asks the store for work once a real second, as at speed 1, not 100 times
            // as often (each ask reads the wake index, a scan of its table on Azurite); timers still wake it at their
            // time and work from this process at once.
            var defaults = new EmbeddedRuntimeOptions();
            var options = defaults with
            {
                LeaseDuration = TimeSpan.FromMinutes(1) * Math.Max(1, speed),
                PollInterval = defaults.PollInterval * Math.Max(1, speed),
                InstanceConcurrency = settings.InstanceConcurrency ?? defaults.InstanceConcurrency,
                ActivityConcurrency = settings.ActivityConcurrency ?? defaults.ActivityConcurrency,
                FirstEpisodeAtStart = true, // ADR 0133
            };
            return new EmbeddedDurableRuntime(sp.GetRequiredService<DurableTaskRegistry>(), sp, sp.GetRequiredService<IOrchestrationStore>(),
                clock, options, sp.GetRequiredService<ILoggerFactory>());
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<EmbeddedDurableRuntime>().Client);
        services.TryAddSingleton<RuntimeReadiness>();
        services.AddHostedService<RuntimeService>();
        return services;
    }

    /// <summary>Creates the runtime's tables when they are missing (a fresh Azurite or storage account).</summary>
    public static async Task PrepareStoreAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IOrchestrationStore>() is AzureTableOrchestrationStore tables)
        {
            await tables.CreateIfNotExistsAsync(cancellationToken);
            if (tables.PartitionsUpgraded > 0)
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RuntimeHosting)).LogInformation(
                    "Moved {Count} stored workflow instances to the current row keys (ADR 0122)", tables.PartitionsUpgraded);
            }
        }
    }

    /// <summary>Prepares the store, starts background processing with the host, and stops it (finishing in-flight work) on shutdown.</summary>
    sealed class RuntimeService(EmbeddedDurableRuntime runtime, IServiceProvider services, RuntimeReadiness readiness) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await PrepareStoreAsync(services, cancellationToken);
            await runtime.StartAsync(cancellationToken);
            readiness.MarkReady();
        }

        public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
    }
}

/// <summary>Completes once the runtime's store exists and processing runs: background feeders wait for it.</summary>
public sealed class RuntimeReadiness
{
    readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => ready.Task;

    public void MarkReady() => ready.TrySetResult();
}
