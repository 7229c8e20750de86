using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// Once a day (and at deployment) makes sure the weekly digest and the termly review lists are running. The
/// orchestrations themselves wait, with durable timers, for Monday and for two weeks before each term. First it files
/// the outcomes and notifications recorded before the dashboard's indexes existed (ADR 0104, 0115; once, then one
/// point read a day each).
/// </summary>
public sealed class EternalWorkflowsTimerFunction(EternalWorkflowStarter starter, IOutcomeLog outcomes, INotificationLog notifications)
{
    [Function("EnsureEternalWorkflows")]
    public async Task RunAsync(
        [TimerTrigger("%EternalWorkflowsSchedule%", RunOnStartup = false)] TimerInfo timer,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        if (outcomes is TableOutcomeLog log)
        {
            await log.BackfillMonthIndexAsync(cancellationToken);
        }

        if (notifications is TableNotificationLog sent)
        {
            await sent.BackfillWeekIndexAsync(cancellationToken);
        }

        await starter.EnsureRunningAsync(CouncilWorkflows.All, durableClient, cancellationToken);
    }
}
