using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Parity.Tests.Engines;

/// <summary>
/// The real Durable Task engine in memory (Microsoft.DurableTask.InProcessTestHost): the SDK's worker and gRPC client
/// over DurableTask.Core's dispatchers, on the wall clock. Payloads use <see cref="OrchestrationJson"/>, as the
/// Functions app sets them (ADR 0054).
/// </summary>
sealed class DurableTaskTestHostEngine : ParityEngine
{
    /// <summary>How long the real engine may take to reach the embedded runtime's state after one step.</summary>
    static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(30);

    DurableTaskTestHost? host;

    DurableTaskTestHostEngine()
    {
    }

    /// <param name="replacements">Orchestrators to run under released names instead (see <see cref="WorkflowRegistration"/>).</param>
    public static async Task<DurableTaskTestHostEngine> StartAsync(IReadOnlyDictionary<string, Func<ITaskOrchestrator>>? replacements = null)
    {
        var engine = new DurableTaskTestHostEngine();
        var converter = new JsonDataConverter(OrchestrationJson.Options);
        engine.host = await LocalPorts.StartOnFreePortAsync(port => DurableTaskTestHost.StartAsync(
            registry => WorkflowRegistration.Register(registry, replacements),
            new DurableTaskTestHostOptions
            {
                // The engine's own random pick of a port collides when test classes start engines at once.
                Port = port,
                ConfigureServices = services =>
                {
                    engine.AddWorkflowServices(services);
                    services.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    services.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
                },
            }));
        return engine;
    }

    public override string Name => "DurableTaskTestHost";

    public override DurableTaskClient Client => host!.Client;

    /// <summary>
    /// The real engine gives no "idle" signal, so it is given until its records equal the embedded runtime's after
    /// the same step (both engines are run step by step; see ADR 0006), and its workflows have the same statuses: an
    /// event dispatched while a workflow is still completing here would be raised here but rejected there. More or
    /// different records never become equal, and the test then fails showing both.
    /// </summary>
    public override async Task<Snapshot> SettleAsync(Snapshot? expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        using var timeout = new CancellationTokenSource(SettleTimeout);
        var current = await TakeAsync(expected);
        while (!current.SameAs(expected) && !timeout.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            current = await TakeAsync(expected);
        }

        return current;
    }

    /// <summary>The records, and the status here of each workflow the embedded runtime has.</summary>
    async Task<Snapshot> TakeAsync(Snapshot expected)
    {
        var statuses = new List<string>();
        foreach (var line in expected.Instances)
        {
            var instanceId = line[..line.LastIndexOf(": ", StringComparison.Ordinal)];
            var instance = await Client.GetInstanceAsync(instanceId);
            statuses.Add(instance is null ? $"{instanceId}: (none)" : Status(instanceId, instance.RuntimeStatus));
        }

        return Records.Take() with { Instances = statuses };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
