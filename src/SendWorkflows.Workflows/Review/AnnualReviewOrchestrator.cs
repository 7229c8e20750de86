using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Review;

/// <summary>
/// The annual reviews of one maintained EHC plan, one cycle per run and forever after through ContinueAsNew, until
/// the plan ceases. Each cycle:
/// <list type="bullet">
/// <item>works out the due date D (12 months after the last review) and the target T (earlier in a transfer year);</item>
/// <item>asks the setting to fix the meeting and escalates if it does not (<see cref="ReviewTimetable"/>);</item>
/// <item>once the meeting M is fixed, asks each contributor for advice due M - 14 days (<see cref="AdviceRequestOrchestrator"/>);</item>
/// <item>chases the meeting report, the decision within 4 weeks and an amended plan within 8 weeks of the decision;</item>
/// <item>records a <see cref="ReviewOutcome"/> and starts the next cycle with D = M + 12 months;</item>
/// <item>version 2 (AnnualReviewOrchestrator.V2.cs): tells the family of the decision and sends them the survey.</item>
/// </list>
/// </summary>
public partial class AnnualReviewOrchestrator : VersionedOrchestrator<AnnualReviewInput, ReviewOutcome?>
{
    public AnnualReviewOrchestrator()
        : base((WorkflowVersions.First, RunV1Async), ("2", RunV2Async))
    {
    }

    /// <summary>For a later version (and tests): the versions this name runs, released ones unchanged.</summary>
    protected AnnualReviewOrchestrator(params (string Version, OrchestratorVersionRun<AnnualReviewInput, ReviewOutcome?> Run)[] versions)
        : base(versions)
    {
    }

    /// <summary>Version 1, released: never edit its calls (docs/workflow-changes.md).</summary>
    public static async Task<ReviewOutcome?> RunV1Async(TaskOrchestrationContext context, AnnualReviewInput input, string newest)
    {
        var cycle = new ReviewCycle(input, WorkflowSteps.Today(context));
        var advice = new AdviceRequests(context, $"{context.InstanceId}:c{input.Cycle}");
        var registered = await RegisterAsync(context, cycle, written: null);

        while (!cycle.IsOver)
        {
            var next = Timetable.Next(ReviewTimetable.Steps(cycle), cycle.StepsTaken, skipBefore: cycle.StartedOn);
            var message = await WorkflowSteps.NextEventOrStepAsync<CaseEventMessage>(context, EventNames.CaseEvent, next);
            if (message is null)
            {
                await TakeAsync(context, cycle, next!);
            }
            else
            {
                await ApplyAsync(context, cycle, advice, message);
            }

            registered = await RegisterAsync(context, cycle, registered);
        }

        var today = WorkflowSteps.Today(context);
        var outcome = cycle.Outcome(await advice.StopAllAsync(today), today);
        await RecordOutcomeAsync(context, input.Cycle, outcome);
        if (cycle.PlanEnded)
        {
            context.SetCustomStatus(new AppliedEvents([.. cycle.AppliedEventIds.Order(StringComparer.Ordinal)]));
        }
        else
        {
            context.ContinueAsNew(new ContinueAsNewOptions { NewInput = NextCycle(cycle, outcome), NewVersion = newest });
        }

        return outcome;
    }

    static async Task TakeAsync(TaskOrchestrationContext context, ReviewCycle cycle, TimetableStep step)
    {
        if (step.Action == StepAction.RecordOutcome)
        {
            await RecordOutcomeAsync(context, cycle.Input.Cycle, cycle.Outcome([], step.On), open: true);
        }
        else
        {
            await WorkflowSteps.NotifyAsync(context, cycle.Plan.PlanId, step, FactsFor(cycle, step), cycle.Input.Cycle);
        }

        cycle.StepTaken(step.Name);
    }

    static AnnualReviewInput NextCycle(ReviewCycle cycle, ReviewOutcome outcome) => new(
        cycle.Plan,
        cycle.Input.Cycle + 1,
        LastReviewOn: cycle.MeetingHeldOn,
        AppliedEventIds: [.. cycle.AppliedEventIds.Order(StringComparer.Ordinal)],
        OpenAmendment: outcome.AmendedPlan is { DoneOn: null } ? outcome : null);

    static async Task ApplyAsync(TaskOrchestrationContext context, ReviewCycle cycle, AdviceRequests advice, CaseEventMessage message)
    {
        var e = await CaseEvents.ReadAsync(context, message, cycle.HasApplied);
        if (e is null)
        {
            return;
        }

        var meetingWas = cycle.MeetingOn;
        var meetingWasFixed = meetingWas is not null;
        var surveyWas = cycle.OpenSurvey;
        if (cycle.Apply(e) is { } refusal)
        {
            await CaseEvents.RejectAsync(context, message, refusal);
            return;
        }

        switch (e)
        {
            case ReviewMeetingScheduled scheduled when !meetingWasFixed:
                foreach (var contact in cycle.ContributorsFor(scheduled.MeetingOn))
                {
                    cycle.AdviceRequestedFrom(contact, scheduled.On);
                    advice.Start(AdviceFor(cycle, contact, scheduled.On, scheduled.MeetingOn));
                }

                break;
            case ReviewMeetingScheduled moved when moved.MeetingOn != meetingWas:
                advice.MeetingMoved(moved.MeetingOn, moved.On);
                break;
            case AdviceRequested requested:
                advice.Start(AdviceFor(cycle, requested.Contact, requested.On, cycle.MeetingOn!.Value));
                break;
            case AdviceReceived received:
                advice.Received(received.Contact, received.On);
                break;
            case CaseworkerChanged changed:
                advice.CaseworkerChanged(changed.CaseworkerEmail, changed.On);
                break;
            case AmendedPlanIssued issued when cycle.LateAmendedPlanOn is not null:
                await RecordOutcomeAsync(context, cycle.Input.Cycle - 1, ReviewCycle.WithAmendedPlan(cycle.Input.OpenAmendment!, issued.On));
                break;

            // Only a version 2 cycle has a survey open (a new event type: version 1 histories never hold one).
            case FamilySurveyAnswered answered when surveyWas is not null:
                await RecordSurveyAsync(context, cycle.Plan.PlanId, surveyWas, answered);
                break;
        }
    }

    static AdviceLadderInput AdviceFor(ReviewCycle cycle, string contact, DateOnly requestedOn, DateOnly meetingOn) => new(
        cycle.Plan.PlanId, contact, NotificationKind.ReviewAdviceRequest, requestedOn, meetingOn.AddDays(-14),
        AdviceLadder.ReviewReminderDays, cycle.Plan.CaseworkerEmail, cycle.Plan.ChildInitials, meetingOn);

    static Task RecordOutcomeAsync(TaskOrchestrationContext context, int cycle, ReviewOutcome outcome, bool open = false) =>
        context.CallActivityAsync<bool>(nameof(RecordOutcomeActivity), new RecordedOutcome($"{context.InstanceId}/c{cycle}", Review: outcome, Open: open));

    /// <summary>
    /// Writes the plan's register entry when its status, year group, setting, caseworker or contributors changed (the year group
    /// moves on 1 September and is picked up at the plan's next step or event); returns what was written.
    /// </summary>
    static async Task<RegisterUpdate> RegisterAsync(TaskOrchestrationContext context, ReviewCycle cycle, RegisterUpdate? written)
    {
        var (lastReviewOn, next) = cycle.RegisterDates;
        var update = new RegisterUpdate(
            cycle.Plan, cycle.YearGroupOn(WorkflowSteps.Today(context)).ToString(), lastReviewOn, next.Due, next.Target, next.Transfer,
            cycle.Status, cycle.PlanEnded);
        if (written is not null && (written.Status, written.YearGroup) == (update.Status, update.YearGroup) && SameContacts(written.Plan, update.Plan))
        {
            return written;
        }

        await context.CallActivityAsync<bool>(nameof(UpdateRegisterActivity), update);
        return update;
    }

    static bool SameContacts(ReviewedPlan a, ReviewedPlan b) =>
        (a.SettingName, a.SettingEmail, a.SettingType, a.CaseworkerEmail, a.FamilyEmail) == (b.SettingName, b.SettingEmail, b.SettingType, b.CaseworkerEmail, b.FamilyEmail)
        && (a.AwaitingProvision, a.AwaitingProvisionSince) == (b.AwaitingProvision, b.AwaitingProvisionSince)
        && a.Contributors.SequenceEqual(b.Contributors, StringComparer.Ordinal);

    /// <summary>
    /// An escalation nobody was asked before says so: an imported overdue review's (the setting copied in is the one
    /// asked for the meeting date, with its own link), and one whose cycle started too late for the setting's requests.
    /// </summary>
    static NotificationFacts FactsFor(ReviewCycle cycle, TimetableStep step) => step.Name switch
    {
        ReviewTimetable.OverdueAtStart => Facts(cycle) with { FirstNotice = true, RespondentEmail = cycle.Plan.SettingEmail },
        ReviewTimetable.Escalation when !cycle.StepsTaken.Contains(ReviewTimetable.Upcoming) && !cycle.StepsTaken.Contains(ReviewTimetable.NotScheduled) =>
            Facts(cycle) with { FirstNotice = true },
        _ => Facts(cycle),
    };

    static NotificationFacts Facts(ReviewCycle cycle) => new()
    {
        ChildInitials = cycle.Plan.ChildInitials,
        SettingName = cycle.Plan.SettingName,
        MeetingOn = cycle.MeetingOn,
        ResponseEvent = cycle.MeetingOn is null ? nameof(ReviewMeetingScheduled) : null,
    };
}
