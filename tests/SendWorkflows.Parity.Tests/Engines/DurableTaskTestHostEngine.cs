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
    /// the same step (both engines are run step by step; see ADR 0006). More or different records never become
    /// equal, and the test then fails showing both.
    /// </summary>
    public override async Task<Snapshot> SettleAsync(Snapshot? expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        using var timeout = new CancellationTokenSource(SettleTimeout);
        var current = Records.Take();
        while (!current.SameAs(expected) && !timeout.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            current = Records.Take();
        }

        return current;
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
