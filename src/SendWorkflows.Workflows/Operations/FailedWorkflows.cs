using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Starting;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Workflows.Operations;

/// <summary>A workflow instance that stopped with an error, for the dashboard and the weekly digest.</summary>
public sealed record FailedWorkflow(string InstanceId, string Name, DateTimeOffset Since, string Error)
{
    /// <summary>The case the instance belongs to: <c>review:P1</c> and <c>review:P1:c2:advice:ep</c> are plan P1's.</summary>
    public string CaseId => InstanceId.Split(':') is [_, var caseId, ..] ? caseId : InstanceId;
}

/// <summary>
/// Finds failed workflow instances and restarts one from its input (docs/adr/0059-failed-workflows-restart-from-their-input.md).
/// Only the port's client is used: the embedded runtime and Durable Functions alike can list, terminate, purge and
/// start, whereas neither port nor runtime can rewind a history. Restarting from the input re-runs the instance's
/// current cycle from its start: its notifications have the same outbox keys, so nobody is e-mailed twice, but case
/// events applied in the failed run must be sent again (the dashboard lists them).
/// </summary>
public sealed class FailedWorkflows(DurableTaskClient client)
{
    public async Task<IReadOnlyList<FailedWorkflow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var failed = new List<FailedWorkflow>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Failed])))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var error = instance.FailureDetails is { } details ? $"{details.ErrorType}: {details.ErrorMessage}" : "no error recorded";
            failed.Add(new FailedWorkflow(instance.InstanceId, instance.Name, instance.LastUpdatedAt, error));
        }

        return [.. failed.OrderBy(f => f.InstanceId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Starts a failed instance again under the same id and with the same input, after stopping and removing the
    /// sub-workflows it had started (ids beginning "<paramref name="instanceId"/>:"), which it will start again.
    /// Returns why not when the instance is not failed.
    /// </summary>
    public async Task<string?> RestartAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
            return $"there is no workflow {instanceId}";
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
            return $"workflow {instanceId} has not failed ({instance.RuntimeStatus})";

        var children = new List<OrchestrationMetadata>();
        await foreach (var child in client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: instanceId + ":")))
            children.Add(child);
        foreach (var child in children.Where(c => c.IsLive()))
            await client.TerminateInstanceAsync(child.InstanceId, "its parent workflow is being restarted", cancellationToken);
        foreach (var child in children)
            await client.PurgeInstanceAsync(child.InstanceId, cancellationToken);

        await client.PurgeInstanceAsync(instanceId, cancellationToken);
        var input = instance.SerializedInput is { } json ? System.Text.Json.JsonDocument.Parse(json).RootElement.Clone() : (object?)null;
        // On the newest version: a fix for a replay failure is a new version (docs/workflow-changes.md).
        await client.ScheduleNewOrchestrationInstanceAsync(instance.Name, input, WorkflowVersions.StartOptions(instance.Name, instanceId), cancellationToken);
        return null;
    }
}
