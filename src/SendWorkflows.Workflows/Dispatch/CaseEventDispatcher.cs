using SendWorkflows.Contract;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Monitoring;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Starting;

namespace SendWorkflows.Workflows.Dispatch;

/// <summary>What became of one case event.</summary>
public enum DispatchOutcome
{
    /// <summary>An <c>AssessmentRequested</c> started the case's assessment workflow.</summary>
    Started,

    /// <summary>The event was raised to the case's running workflow (which may still find it impossible).</summary>
    Raised,

    /// <summary>The same request was delivered again: nothing to do.</summary>
    Duplicate,

    /// <summary>The event was rejected and kept in the rejected-events store.</summary>
    Rejected,
}

public sealed record DispatchResult(DispatchOutcome Outcome, string? InstanceId = null, string? Reason = null);

/// <summary>
/// Routes contract case events to the workflows: a request starts an assessment (<c>assessment:{caseId}</c>); every
/// other event is raised to the case's running assessment or annual review (<c>review:{planId}</c>). Advice, placement, family contact
/// and caseworker events go to whichever of the two is running (the assessment while the case is under assessment). Events for an
/// unknown case or contact are rejected here with the reason; the workflows reject what is impossible in their state.
/// Used by the simulator, the local host and the Functions triggers alike. Every date is checked against its window
/// first (<see cref="CaseEventDates"/>): against the case clock's today when <paramref name="caseClock"/> is given (the
/// host and Functions register one; the simulator applies each event on its own date, so it has no other today).
/// </summary>
public sealed class CaseEventDispatcher(
    DurableTaskClient client, IContactsDirectorySource contacts, IRejectedEventStore rejected, TimeProvider? caseClock = null,
    IPlanRegister? register = null, IOpenAssessments? openAssessments = null)
{
    public const string Source = "events";

    public async Task<DispatchResult> DispatchAsync(CaseEvent e, CancellationToken cancellationToken = default)
    {
        var dates = caseClock is null
            ? CaseEventDates.Problem(e)
            : CaseEventDates.ProblemOn(e, Calendar.WorkflowCalendar.UkDate(caseClock.GetUtcNow().UtcDateTime));
        if (dates is not null)
        {
            return await RejectAsync(e, dates, cancellationToken);
        }

        var assessmentId = AssessmentInput.InstanceIdFor(e.CaseId);
        var reviewId = ReviewedPlan.InstanceIdFor(e.CaseId);
        if (e is AssessmentRequested requested)
        {
            return await StartAssessmentAsync(requested, assessmentId, reviewId, cancellationToken);
        }

        var asked = e switch { AdviceRequested a => a.Contact, AdviceReceived a => a.Contact, _ => null };
        if (asked is not null && !(await contacts.GetAsync(cancellationToken)).Contacts.ContainsKey(asked))
        {
            return await RejectAsync(e, $"contact '{asked}' is not in the contacts directory", cancellationToken);
        }

        var assessment = await client.GetInstanceAsync(assessmentId, cancellation: cancellationToken);
        var review = await client.GetInstanceAsync(reviewId, cancellation: cancellationToken);
        if (e is MonitoringVisitRecorded)
        {
            return await DispatchVisitAsync(e, assessment is null && review is null, cancellationToken);
        }

        var isAssessmentEvent = e is AssessmentDecision or DraftPlanIssued or FinalPlanIssued or PlanNotIssued or ExceptionRecorded;
        var target = e switch
        {
            AdviceRequested or AdviceReceived or PlacementChanged or CaseworkerChanged or FamilyContactChanged =>
                assessment?.IsLive() == true ? assessment : review ?? assessment,
            _ => isAssessmentEvent ? assessment : review,
        };

        if (target is null)
        {
            return await RejectAsync(e, assessment is null && review is null
                ? $"case '{e.CaseId}' is unknown"
                : $"case '{e.CaseId}' has no {(isAssessmentEvent ? "assessment" : "maintained plan")} for a {e.Type}", cancellationToken);
        }

        if (!target.IsLive())
        {
            return await EndedAsync(e, target, cancellationToken);
        }

        await client.RaiseEventAsync(target.InstanceId, EventNames.CaseEvent, CaseEventMessage.Of(e), cancellationToken);
        if (target.InstanceId == reviewId && MonitoringVisitStarts.Concerns(e))
        {
            await TellMonitoringAsync(e, reviewId, cancellationToken);
        }

        return new DispatchResult(DispatchOutcome.Raised, target.InstanceId);
    }

    async Task<DispatchResult> EndedAsync(CaseEvent e, OrchestrationMetadata target, CancellationToken cancellationToken)
    {
        var finished = await client.GetInstanceAsync(target.InstanceId, getInputsAndOutputs: true, cancellationToken);
        return finished?.ReadCustomStatusAs<AppliedEvents>()?.Ids.Contains(e.Id) == true
            ? new DispatchResult(DispatchOutcome.Duplicate, target.InstanceId)
            : await RejectAsync(e, $"the workflow {target.InstanceId} has ended ({target.RuntimeStatus})", cancellationToken);
    }

    /// <summary>A visit goes to the plan's monitoring workflow, which exists only once the plan was in a monitored setting.</summary>
    async Task<DispatchResult> DispatchVisitAsync(CaseEvent e, bool unknownCase, CancellationToken cancellationToken)
    {
        var monitoringId = MonitoringVisitInput.InstanceIdFor(e.CaseId);
        var monitoring = await client.GetInstanceAsync(monitoringId, cancellation: cancellationToken);
        if (monitoring is null)
        {
            return await RejectAsync(e, unknownCase
                ? $"case '{e.CaseId}' is unknown"
                : $"plan '{e.CaseId}' has no monitored placement: only out_of_area, residential and independent placements are visited", cancellationToken);
        }

        if (!monitoring.IsLive())
        {
            return await EndedAsync(e, monitoring, cancellationToken);
        }

        await client.RaiseEventAsync(monitoringId, EventNames.CaseEvent, CaseEventMessage.Of(e), cancellationToken);
        return new DispatchResult(DispatchOutcome.Raised, monitoringId);
    }

    /// <summary>
    /// A maintained plan's move, new caseworker or end also concerns its monitoring visits: a move into a monitored
    /// setting starts them (the register has the plan's current caseworker; the review's input stands in until it is written).
    /// </summary>
    async Task TellMonitoringAsync(CaseEvent e, string reviewId, CancellationToken cancellationToken)
    {
        if (e is not PlacementChanged moved)
        {
            await MonitoringVisitStarts.ForwardAsync(client, e, cancellationToken);
            return;
        }

        var registered = register is null ? null : await register.FindAsync(e.CaseId, cancellationToken);
        var plan = registered is null
            ? (await client.GetInstanceAsync(reviewId, getInputsAndOutputs: true, cancellationToken))?.ReadInputAs<AnnualReviewInput>()?.Plan
            : null;
        var (initials, caseworker) = registered is not null
            ? (registered.Entry.ChildInitials, registered.CaseworkerEmail)
            : (plan?.ChildInitials ?? "", plan?.CaseworkerEmail ?? "");
        await MonitoringVisitStarts.PlacementChangedAsync(client, moved, initials, caseworker, cancellationToken);
    }

    /// <summary>Keeps an input that never became a case event (a malformed line) with the reason.</summary>
    public Task RejectAsync(RejectedEvent rejectedEvent, CancellationToken cancellationToken = default) =>
        rejected.RecordAsync(rejectedEvent, cancellationToken);

    async Task<DispatchResult> StartAssessmentAsync(
        AssessmentRequested requested, string assessmentId, string reviewId, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(assessmentId, getInputsAndOutputs: true, cancellationToken);
        if (existing is not null)
        {
            var input = existing.ReadInputAs<AssessmentInput>();
            if (input?.RequestEventId == requested.Id)
            {
                // A redelivery after a start whose index write was lost: opening again is harmless (ignored once closed).
                await OpenAsync(requested, cancellationToken);
                return new DispatchResult(DispatchOutcome.Duplicate, assessmentId);
            }

            return await RejectAsync(requested, $"an assessment of case '{requested.CaseId}' was already requested on {input?.RequestedOn:yyyy-MM-dd}", cancellationToken);
        }

        if (await client.GetInstanceAsync(reviewId, cancellation: cancellationToken) is not null)
        {
            return await RejectAsync(requested, $"case '{requested.CaseId}' already has a maintained plan", cancellationToken);
        }

        // Indexed before the start, so a crash between the two leaves the index right once the request is redelivered.
        await OpenAsync(requested, cancellationToken);
        await client.StartOnceAsync(nameof(AssessmentOrchestrator), AssessmentInput.From(requested), assessmentId, cancellationToken);
        return new DispatchResult(DispatchOutcome.Started, assessmentId);
    }

    Task OpenAsync(AssessmentRequested requested, CancellationToken cancellationToken) =>
        openAssessments?.OpenAsync(
            new Council.RunningAssessment(requested.CaseId, requested.ChildInitials, requested.On, requested.CaseworkerEmail), cancellationToken)
        ?? Task.CompletedTask;

    async Task<DispatchResult> RejectAsync(CaseEvent e, string reason, CancellationToken cancellationToken)
    {
        await rejected.RecordAsync(new RejectedEvent(Source, reason, e.Id, e.CaseId, e.Type, e.On), cancellationToken);
        return new DispatchResult(DispatchOutcome.Rejected, Reason: reason);
    }
}
