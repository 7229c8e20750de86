using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;

namespace SendWorkflows.Parity.Tests.Engines;

/// <summary>The embedded runtime, its clock stopped at <paramref name="now"/>: settling runs exactly what is due then.</summary>
sealed class EmbeddedEngine : ParityEngine
{
    readonly ServiceProvider services;
    readonly EmbeddedDurableRuntime runtime;

    public EmbeddedEngine(DateTimeOffset now, IReadOnlyDictionary<string, Func<ITaskOrchestrator>>? replacements = null)
    {
        DurableTaskClient? client = null;
        services = AddWorkflowServices(new ServiceCollection()).AddSingleton(_ => client!).BuildServiceProvider();
        runtime = new EmbeddedDurableRuntime(
            WorkflowRegistration.Register(new DurableTaskRegistry(), replacements), services, new InMemoryOrchestrationStore(), new VirtualClock(now));
        client = runtime.Client;
    }

    public override string Name => "embedded runtime";

    public override DurableTaskClient Client => runtime.Client;

    public override async Task<Snapshot> SettleAsync(Snapshot? expected)
    {
        await runtime.RunUntilIdleAsync();
        var statuses = new List<string>();
        await foreach (var instance in runtime.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            statuses.Add(Status(instance.InstanceId, instance.RuntimeStatus));
        }

        return Records.Take() with { Instances = [.. statuses.Order(StringComparer.Ordinal)] };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await runtime.DisposeAsync();
        await services.DisposeAsync();
    }
}
