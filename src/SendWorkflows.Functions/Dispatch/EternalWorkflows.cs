using SendWorkflows.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// An orchestration that runs for ever (ContinueAsNew) under one fixed instance id, and the input it starts with
/// on a given UK date.
/// </summary>
public sealed record EternalWorkflow(TaskName Orchestrator, string InstanceId, Func<DateOnly, object> FirstInput);

/// <summary>
/// Keeps the eternal orchestrations running. Fixed instance ids make every start after the first a no-op, so the
/// timer may fire twice or on several instances; an instance that failed or was terminated is purged and restarted.
/// </summary>
public sealed class EternalWorkflowStarter(TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> EnsureRunningAsync(
        IEnumerable<EternalWorkflow> workflows, DurableTaskClient client, CancellationToken cancellation)
    {
        var started = new List<string>();
        foreach (var workflow in workflows)
        {
            var existing = await client.GetInstanceAsync(workflow.InstanceId, false, cancellation);
            if (existing is { IsCompleted: false })
            {
                // Running, pending, suspended or between two generations of ContinueAsNew.
                continue;
            }

            if (existing is not null)
            {
                await client.PurgeInstanceAsync(workflow.InstanceId, cancellation);
            }

            await client.ScheduleNewOrchestrationInstanceAsync(
                workflow.Orchestrator, workflow.FirstInput(UkTime.DateOf(clock.GetUtcNow().UtcDateTime)),
                WorkflowVersions.StartOptions(workflow.Orchestrator, workflow.InstanceId), cancellation);
            started.Add(workflow.InstanceId);
        }

        return started;
    }
}
