using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Functions.Dispatch;

namespace SendWorkflows.Functions.Tests.EndToEnd;

/// <summary>
/// The Functions app in-process: its services composed as Program composes them (<see cref="FunctionsShellServices"/>)
/// over Azurite and MailDev, and the real Durable Task engine in memory (<see cref="DurableTaskTestHost"/>) running
/// every orchestration and activity through the app's own runners, exactly as its orchestrator and activity
/// functions do (one line each), with the engine's client standing in for the <c>[DurableClient]</c> binding.
/// Payloads use OrchestrationJson, as the app sets them (ADR 0054).
/// </summary>
sealed class FunctionsOnTestHost : IAsyncDisposable
{
    readonly ServiceProvider services;
    DurableTaskTestHost? host;

    FunctionsOnTestHost(ServiceProvider services) => this.services = services;

    public IServiceProvider Services => services;

    public DurableTaskClient Client => host!.Client;

    public static async Task<FunctionsOnTestHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddFunctionsShell(configuration, registry => ShellWorkflows.Register(registry));
        var app = new FunctionsOnTestHost(collection.BuildServiceProvider());

        var converter = new JsonDataConverter(OrchestrationJson.Options);
        app.host = await DurableTaskTestHost.StartAsync(
            registry => app.RegisterThroughTheAppsRunners(registry),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = engine =>
                {
                    engine.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    engine.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
                },
            });
        return app;
    }

    /// <summary>Creates one of the app's function classes from its services, as the Functions worker does.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(services);

    void RegisterThroughTheAppsRunners(DurableTaskRegistry registry)
    {
        var workflows = services.GetRequiredService<DurableTaskRegistry>();
        var orchestrators = services.GetRequiredService<RegisteredOrchestratorRunner>();
        var activities = services.GetRequiredService<RegisteredActivityRunner>();
        foreach (var name in workflows.GetOrchestrators().Select(o => o.Key))
        {
            registry.AddOrchestratorFunc<object?>(name, context => orchestrators.RunAsync(context, services));
        }

        foreach (var name in workflows.GetActivities().Select(a => a.Key))
        {
            registry.AddActivityFunc<JsonElement, object?>(name, (context, input) =>
                activities.RunAsync(context.Name.Name, context.InstanceId, input, new DurableClientServices(services, Client)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        await services.DisposeAsync();
    }
}
