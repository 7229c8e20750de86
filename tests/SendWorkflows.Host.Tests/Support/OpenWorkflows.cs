using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>A client that reports every workflow instance running except those in <see cref="Closed"/>.</summary>
public sealed class OpenWorkflows() : DurableTaskClient("open-workflows")
{
    readonly ConcurrentDictionary<string, bool> closed = new();

    public void Close(string instanceId) => closed[instanceId] = true;

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Task.FromResult<OrchestrationMetadata?>(new OrchestrationMetadata("Workflow", instanceId)
        {
            RuntimeStatus = closed.ContainsKey(instanceId) ? OrchestrationRuntimeStatus.Completed : OrchestrationRuntimeStatus.Running,
        });

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    /// <summary>None has failed (the dashboard lists failed instances).</summary>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create((string? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>([])));

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
