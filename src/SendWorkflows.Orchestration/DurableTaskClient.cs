using System.Text.Json;

namespace SendWorkflows.Orchestration;

/// <summary>As in <c>Microsoft.DurableTask.Client.OrchestrationRuntimeStatus</c>.</summary>
public enum OrchestrationRuntimeStatus
{
    Running,
    Completed,
    ContinuedAsNew,
    Failed,
    Canceled,
    Terminated,
    Pending,
    Suspended,
}

/// <summary>The state of one instance, as in <c>Microsoft.DurableTask.Client.OrchestrationMetadata</c>.</summary>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUpdatedAt { get; init; }
    public string? SerializedInput { get; init; }
    public string? SerializedOutput { get; init; }
    public string? SerializedCustomStatus { get; init; }
    public TaskFailureDetails? FailureDetails { get; init; }

    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending;

    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed
        or OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Canceled;

    public T? ReadInputAs<T>() => Read<T>(SerializedInput);
    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput);
    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus);

    static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, OrchestrationJson.Options);
}

/// <summary>A filter for <see cref="DurableTaskClient.GetAllInstancesAsync"/>, as in <c>OrchestrationQuery</c>.</summary>
public sealed record OrchestrationQuery(
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    IEnumerable<OrchestrationRuntimeStatus>? Statuses = null,
    string? InstanceIdPrefix = null,
    bool FetchInputsAndOutputs = false);

/// <summary>As in <c>Microsoft.DurableTask.Client.PurgeResult</c>.</summary>
public sealed record PurgeResult(int PurgedInstanceCount);

/// <summary>
/// The client side of the port, mirroring <c>Microsoft.DurableTask.Client.DurableTaskClient</c>: hosts and triggers
/// start workflows and deliver case events through it, never by touching storage.
/// </summary>
public abstract class DurableTaskClient
{
    /// <summary>
    /// Schedules a new instance. With a chosen <see cref="StartOrchestrationOptions.InstanceId"/> that already
    /// exists this is a no-op that returns the same id, so redelivered commands never start a workflow twice.
    /// </summary>
    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default);

    public abstract Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    public abstract Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public abstract IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null);

    public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public abstract Task TerminateInstanceAsync(
        string instanceId, object? output = null, CancellationToken cancellation = default);

    public abstract Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default);
}
