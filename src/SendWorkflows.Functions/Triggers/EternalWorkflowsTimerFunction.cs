using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// Once a day (and at deployment) makes sure the weekly digest and the termly review lists are running. The
/// orchestrations themselves wait, with durable timers, for Monday and for two weeks before each term.
/// </summary>
public sealed class EternalWorkflowsTimerFunction(EternalWorkflowStarter starter)
{
    [Function("EnsureEternalWorkflows")]
    public Task RunAsync(
        [TimerTrigger("%EternalWorkflowsSchedule%", RunOnStartup = false)] TimerInfo timer,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        starter.EnsureRunningAsync(CouncilWorkflows.All, durableClient, cancellationToken);
}
