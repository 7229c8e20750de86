using System.Collections.Concurrent;
using SendWorkflows.Orchestration;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>A client that reports every workflow instance running except those in <see cref="Closed"/>.</summary>
public sealed class OpenWorkflows : DurableTaskClient
{
    readonly ConcurrentDictionary<string, bool> closed = new();

    public void Close(string instanceId) => closed[instanceId] = true;

    public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        Task.FromResult<OrchestrationMetadata?>(new OrchestrationMetadata("Workflow", instanceId)
        {
            RuntimeStatus = closed.ContainsKey(instanceId) ? OrchestrationRuntimeStatus.Completed : OrchestrationRuntimeStatus.Running,
        });

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    /// <summary>None has failed (the dashboard lists failed instances).</summary>
    public override IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        AsyncEnumerable.Empty<OrchestrationMetadata>();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) => throw new NotSupportedException();
}
