using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Workflows.Starting;

/// <summary>
/// Starting a workflow under a chosen instance id, safely repeatable (ADR 0052). The SDK's clients would restart a
/// finished instance with the same id (Durable Functions) or fail on a running one; here an existing instance, in
/// any state, means "already started" and the id is returned. A new instance starts on the orchestrator's newest version.
/// </summary>
public static class IdempotentStart
{
    public static async Task<string> StartOnceAsync(
        this DurableTaskClient client, TaskName orchestrator, object? input, string instanceId, CancellationToken cancellation = default)
    {
        if (await client.GetInstanceAsync(instanceId, false, cancellation) is not null)
        {
            return instanceId;
        }

        return await client.StartAbsentAsync(orchestrator, input, instanceId, cancellation);
    }

    /// <summary>
    /// <see cref="StartOnceAsync"/> for a caller that has just found the instance absent itself: no second look first.
    /// A start that loses a race with another returns the id, as there.
    /// </summary>
    public static async Task<string> StartAbsentAsync(
        this DurableTaskClient client, TaskName orchestrator, object? input, string instanceId, CancellationToken cancellation = default)
    {
        try
        {
            return await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, WorkflowVersions.StartOptions(orchestrator, instanceId), cancellation);
        }
        catch (Exception) when (!cancellation.IsCancellationRequested)
        {
            // Another delivery of the same command may have started it between our check and our start.
            if (await client.GetInstanceAsync(instanceId, false, cancellation) is null)
            {
                throw;
            }

            return instanceId;
        }
    }

    /// <summary>Pending (scheduled, not yet run) counts as running: events raised to it are queued for it.</summary>
    public static bool IsLive(this OrchestrationMetadata instance) =>
        instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending;
}
