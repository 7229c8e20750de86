using SendWorkflows.Domain;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// Keeps the council workflows running from the Functions timer, as serve does (<see cref="CouncilWorkflows"/>), on
/// today's UK date. Fixed instance ids make every start after the first a no-op, so the timer may fire twice or on
/// several instances.
/// </summary>
public sealed class EternalWorkflowStarter(TimeProvider clock)
{
    public Task<IReadOnlyList<string>> EnsureRunningAsync(
        IEnumerable<CouncilWorkflow> workflows, DurableTaskClient client, CancellationToken cancellation) =>
        CouncilWorkflows.EnsureRunningAsync(workflows, client, UkTime.DateOf(clock.GetUtcNow().UtcDateTime), cancellation);
}
