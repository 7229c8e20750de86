using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Workflows.Council;

/// <summary>An orchestration that runs for ever (ContinueAsNew) under one fixed instance id, and its first input on a UK date.</summary>
public sealed record CouncilWorkflow(string Orchestrator, string InstanceId, Func<DateOnly, object> FirstInput);

/// <summary>
/// The council-wide workflows every running host keeps going: the weekly digest, the termly review lists and the monthly report
/// (docs/adr/0052). Fixed instance ids make a second start a no-op, so a restarted host never starts them twice.
/// </summary>
public static class CouncilWorkflows
{
    public static IReadOnlyList<CouncilWorkflow> All { get; } =
    [
        new(nameof(WeeklyDigestOrchestrator), WeeklyDigestOrchestrator.InstanceId, today => WeeklyDigestInput.FirstOnOrAfter(today)),
        new(nameof(TermlyReviewListOrchestrator), TermlyReviewListOrchestrator.InstanceId, today => new TermlyReviewListInput(today.AddDays(-1))),
        new(nameof(MonthlyReportOrchestrator), MonthlyReportOrchestrator.InstanceId, MonthlyReportInput.For),
    ];

    /// <summary>
    /// Starts each council workflow that is missing, and purges and restarts one that failed, was terminated or
    /// completed, with its first input for <paramref name="today"/> (case clock). Returns the ids it started.
    /// Both hosts call this: serve's CouncilWorkflowsService and the Functions app's timer.
    /// </summary>
    public static Task<IReadOnlyList<string>> EnsureRunningAsync(DurableTaskClient client, DateOnly today, CancellationToken cancellation = default) =>
        EnsureRunningAsync(All, client, today, cancellation);

    public static async Task<IReadOnlyList<string>> EnsureRunningAsync(
        IEnumerable<CouncilWorkflow> workflows, DurableTaskClient client, DateOnly today, CancellationToken cancellation = default)
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
                workflow.Orchestrator, workflow.FirstInput(today), WorkflowVersions.StartOptions(workflow.Orchestrator, workflow.InstanceId), cancellation);
            started.Add(workflow.InstanceId);
        }

        return started;
    }
}
