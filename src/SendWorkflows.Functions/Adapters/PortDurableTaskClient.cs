using DurableClient = Microsoft.DurableTask.Client;
using Port = SendWorkflows.Orchestration;

namespace SendWorkflows.Functions.Adapters;

/// <summary>
/// Lets shared code written against our port client (the case-event dispatcher, the staff API) drive the real
/// Durable Functions client. Each member forwards to its namesake; starting is made idempotent here because the
/// real client would overwrite a finished instance that has the same id.
/// </summary>
public sealed class PortDurableTaskClient(DurableClient.DurableTaskClient inner) : Port.DurableTaskClient
{
    public DurableClient.DurableTaskClient Inner { get; } = inner;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        Port.TaskName orchestratorName,
        object? input = null,
        Port.StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        if (options?.InstanceId is { } instanceId && await Inner.GetInstanceAsync(instanceId, false, cancellation) is not null)
        {
            return instanceId;
        }

        try
        {
            return await Inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName.Name, input, options.ToDurable(), cancellation);
        }
        catch (Exception) when (options?.InstanceId is not null)
        {
            // Another delivery of the same command may have started it between our check and our start.
            if (await Inner.GetInstanceAsync(options.InstanceId, false, cancellation) is null)
            {
                throw;
            }

            return options.InstanceId;
        }
    }

    public override Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        Inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override async Task<Port.OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        (await Inner.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation))?.ToPort();

    public override async IAsyncEnumerable<Port.OrchestrationMetadata> GetAllInstancesAsync(Port.OrchestrationQuery? filter = null)
    {
        await foreach (var instance in Inner.GetAllInstancesAsync(filter.ToDurable()))
        {
            yield return instance.ToPort();
        }
    }

    public override async Task<Port.OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        (await Inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation)).ToPort();

    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        Inner.TerminateInstanceAsync(instanceId, output, cancellation);

    public override async Task<Port.PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) =>
        new((await Inner.PurgeInstanceAsync(instanceId, cancellation)).PurgedInstanceCount);
}

/// <summary>Client-side types that exist on both sides of <see cref="PortDurableTaskClient"/>.</summary>
public static class DurableClientTranslation
{
    public static Microsoft.DurableTask.StartOrchestrationOptions? ToDurable(this Port.StartOrchestrationOptions? options) =>
        options is null ? null : new Microsoft.DurableTask.StartOrchestrationOptions(options.InstanceId, options.StartAt);

    public static DurableClient.OrchestrationQuery? ToDurable(this Port.OrchestrationQuery? query) => query is null
        ? null
        : new DurableClient.OrchestrationQuery(
            CreatedFrom: query.CreatedFrom,
            CreatedTo: query.CreatedTo,
            Statuses: query.Statuses?.Select(ToDurable).ToList(),
            InstanceIdPrefix: query.InstanceIdPrefix,
            FetchInputsAndOutputs: query.FetchInputsAndOutputs);

    public static DurableClient.OrchestrationRuntimeStatus ToDurable(this Port.OrchestrationRuntimeStatus status) =>
        Enum.Parse<DurableClient.OrchestrationRuntimeStatus>(status.ToString());

    public static Port.OrchestrationRuntimeStatus ToPort(this DurableClient.OrchestrationRuntimeStatus status) =>
        Enum.Parse<Port.OrchestrationRuntimeStatus>(status.ToString());

    public static Port.OrchestrationMetadata ToPort(this DurableClient.OrchestrationMetadata metadata) =>
        new(metadata.Name, metadata.InstanceId)
        {
            RuntimeStatus = metadata.RuntimeStatus.ToPort(),
            CreatedAt = metadata.CreatedAt,
            LastUpdatedAt = metadata.LastUpdatedAt,
            SerializedInput = metadata.SerializedInput,
            SerializedOutput = metadata.SerializedOutput,
            SerializedCustomStatus = metadata.SerializedCustomStatus,
            FailureDetails = metadata.FailureDetails?.ToPort(),
        };
}
