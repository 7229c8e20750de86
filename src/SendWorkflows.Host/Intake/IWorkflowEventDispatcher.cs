using SendWorkflows.Contract;

namespace SendWorkflows.Host.Intake;

/// <summary>Whether the workflows could apply an event (start, raise) or why not.</summary>
public sealed record DispatchOutcome(bool Applied, string? Reason = null)
{
    public static DispatchOutcome Done { get; } = new(true);

    public static DispatchOutcome Refused(string reason) => new(false, reason);
}

/// <summary>The host's door into the workflows: validated case events and imported plans.</summary>
public interface IWorkflowEventDispatcher
{
    /// <summary>Starts an instance or raises an event on one, or says why the event cannot apply.</summary>
    Task<DispatchOutcome> DispatchAsync(CaseEvent caseEvent, CancellationToken cancellationToken = default);

    /// <summary>Starts (or leaves running) the annual review workflow of an imported plan.</summary>
    Task<DispatchOutcome> StartPlanAsync(PlanRecord plan, CancellationToken cancellationToken = default);
}
