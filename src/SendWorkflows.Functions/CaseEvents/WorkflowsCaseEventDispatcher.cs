using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Functions.Dispatch;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Dispatch;

namespace SendWorkflows.Functions.CaseEvents;

/// <summary>
/// Hands case events to the workflows' own <see cref="CaseEventDispatcher"/> (the one the simulator and the local host
/// use), built per invocation around the invocation's Durable client. It keeps a rejected event in the
/// rejected-events store itself; the shell additionally dead-letters the message with the same reason.
/// </summary>
public sealed class WorkflowsCaseEventDispatcher(IServiceProvider services) : ICaseEventDispatcher
{
    public async Task<CaseEventDelivery> DispatchAsync(CaseEvent caseEvent, DurableTaskClient client, CancellationToken cancellation)
    {
        var dispatcher = ActivatorUtilities.CreateInstance<CaseEventDispatcher>(new DurableClientServices(services, client));
        var result = await dispatcher.DispatchAsync(caseEvent, cancellation);
        return result.Outcome == DispatchOutcome.Rejected
            ? new CaseEventDelivery.Rejected(result.Reason ?? "rejected by the workflows")
            : new CaseEventDelivery.Accepted();
    }
}
