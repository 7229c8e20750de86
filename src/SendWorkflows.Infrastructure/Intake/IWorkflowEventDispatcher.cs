using SendWorkflows.Contract;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Infrastructure.Intake;

/// <summary>
/// Whether the workflows could apply an event (start, raise) or why not. <see cref="AlreadyKept"/>: the refusal is
/// already in the rejected-events store (the workflows' dispatcher keeps its own), so intake must not add it again.
/// </summary>
public sealed record DispatchOutcome(bool Applied, string? Reason = null, bool AlreadyKept = false)
{
    public static DispatchOutcome Done { get; } = new(true);

    public static DispatchOutcome Refused(string reason, bool alreadyKept = false) => new(false, reason, alreadyKept);
}

/// <summary>The host's door into the workflows: validated case events and imported plans.</summary>
public interface IWorkflowEventDispatcher
{
    /// <summary>Starts an instance or raises an event on one, or says why the event cannot apply.</summary>
    Task<DispatchOutcome> DispatchAsync(CaseEvent caseEvent, CancellationToken cancellationToken = default);

    /// <summary>Starts (or leaves running) the annual review workflow of an imported plan.</summary>
    Task<DispatchOutcome> StartPlanAsync(PlanRecord plan, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="LoadPlanAsync(PlanRecord, CancellationToken)"/>, with the contacts directory the import checked the
    /// file against (null when there is none yet), so that a load need not read it again.
    /// </summary>
    Task<PlanLoad> LoadPlanAsync(PlanRecord plan, ContactsDirectory? directory, CancellationToken cancellationToken = default) =>
        LoadPlanAsync(plan, cancellationToken);

    /// <summary>
    /// Starts a new plan or brings a running one up to the row (contract section 1). Without an override, a plan is
    /// only started, as <see cref="StartPlanAsync"/> does. A refusal is not yet in the rejected store: the caller keeps it.
    /// </summary>
    async Task<PlanLoad> LoadPlanAsync(PlanRecord plan, CancellationToken cancellationToken = default)
    {
        var started = await StartPlanAsync(plan, cancellationToken);
        return started.Applied
            ? new PlanLoad(plan.PlanId, PlanLoadOutcome.Started, [], [])
            : PlanLoad.Refused(plan.PlanId, started.Reason ?? "the workflow could not start");
    }
}
