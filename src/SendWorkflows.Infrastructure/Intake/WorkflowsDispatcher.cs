using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Infrastructure.Intake;

/// <summary>
/// The host's door onto the workflows' own <see cref="CaseEventDispatcher"/> and <see cref="CaseloadLoader"/>.
/// The dispatcher keeps its refusals in the rejected store itself, so they are reported here as already kept.
/// </summary>
public sealed class WorkflowsDispatcher(
    CaseEventDispatcher dispatcher, CaseloadLoader loader, IContactsDirectoryStore contacts, TimeProvider clock) : IWorkflowEventDispatcher
{
    const string NoContacts = "no contacts directory has been imported yet: import the contacts first (POST /api/contacts or sendworkflows import --contacts)";

    public async Task<DispatchOutcome> DispatchAsync(CaseEvent caseEvent, CancellationToken cancellationToken = default)
    {
        if (!await contacts.ExistsAsync(cancellationToken))
        {
            return DispatchOutcome.Refused(NoContacts);
        }

        var result = await dispatcher.DispatchAsync(caseEvent, cancellationToken);
        return result.Outcome == Workflows.Dispatch.DispatchOutcome.Rejected
            ? DispatchOutcome.Refused(result.Reason ?? "the workflows refused the event", alreadyKept: true)
            : DispatchOutcome.Done;
    }

    public Task<PlanLoad> LoadPlanAsync(PlanRecord plan, CancellationToken cancellationToken = default) =>
        LoadPlanAsync(plan, null, cancellationToken);

    public async Task<PlanLoad> LoadPlanAsync(PlanRecord plan, ContactsDirectory? directory, CancellationToken cancellationToken = default)
    {
        var today = UkTime.DateOf(clock.GetUtcNow().UtcDateTime);
        try
        {
            // Without the import's directory the loader reads it before anything else, so its absence needs no read of its own.
            return directory is null
                ? await loader.LoadAsync(plan, today, cancellationToken)
                : await loader.LoadAsync(plan, today, directory, cancellationToken);
        }
        catch (NoContactsDirectoryException)
        {
            return PlanLoad.Refused(plan.PlanId, NoContacts);
        }
        catch (InvalidOperationException exception)
        {
            return PlanLoad.Refused(plan.PlanId, exception.Message);
        }
    }

    public async Task<DispatchOutcome> StartPlanAsync(PlanRecord plan, CancellationToken cancellationToken = default)
    {
        if (!await contacts.ExistsAsync(cancellationToken))
        {
            return DispatchOutcome.Refused(NoContacts);
        }

        try
        {
            await loader.StartAsync(plan, UkTime.DateOf(clock.GetUtcNow().UtcDateTime), cancellationToken);
            return DispatchOutcome.Done;
        }
        catch (InvalidOperationException exception)
        {
            // The loader needs the contacts directory; without one the plan cannot start (import contacts first).
            return DispatchOutcome.Refused(exception.Message);
        }
    }
}
