using SendWorkflows.Contract;

namespace SendWorkflows.Host.Intake;

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
}
