using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Family;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Assessment;

/// <summary>
/// One EHC needs assessment, from the request (day R) to its end: a refusal to assess, a decision not to issue a
/// plan, or the final plan, which hands the child over to the plan's annual review workflow.
/// <list type="bullet">
/// <item>the caseworker is reminded and the SEN manager alerted against the 6-, 16- and 20-week limits
/// (<see cref="AssessmentTimetable"/>);</item>
/// <item>each contributor asked for advice is chased by their own <see cref="AdviceRequestOrchestrator"/>;</item>
/// <item>reg 10(4) exceptions are recorded, never pausing a clock;</item>
/// <item>the end is recorded as an <see cref="AssessmentOutcome"/> against each limit;</item>
/// <item>version 2: the family is told of the decision whether to assess, the draft plan and the final plan
/// (<see cref="FamilyNotices"/>), and the plan's review workflow sends their survey 2 weeks after the final plan.</item>
/// </list>
/// </summary>
public sealed class AssessmentOrchestrator : VersionedOrchestrator<AssessmentInput, AssessmentOutcome>
{
    public AssessmentOrchestrator()
        : base((WorkflowVersions.First, RunV1Async), ("2", RunV2Async))
    {
    }

    /// <summary>Version 1, released: never edit its calls (docs/workflow-changes.md).</summary>
    static async Task<AssessmentOutcome> RunV1Async(TaskOrchestrationContext context, AssessmentInput input, string newest)
    {
        var assessment = new AssessmentCase(input);
        var advice = new AdviceRequests(context, context.InstanceId);

        while (!assessment.HasEnded)
        {
            var next = Timetable.Next(AssessmentTimetable.Steps(assessment), assessment.StepsTaken);
            var message = await WorkflowSteps.NextEventOrStepAsync<CaseEventMessage>(context, EventNames.CaseEvent, next);
            if (message is null)
            {
                await WorkflowSteps.NotifyAsync(context, input.CaseId, next!, Facts(assessment.Input));
                assessment.StepTaken(next!.Name);
            }
            else
            {
                await ApplyAsync(context, assessment, advice, message);
            }
        }

        var outcome = assessment.Outcome(await advice.StopAllAsync(assessment.EndedOn!.Value));
        context.SetCustomStatus(new AppliedEvents(assessment.AppliedEventIds));
        await context.CallActivityAsync<bool>(nameof(RecordOutcomeActivity), new RecordedOutcome(context.InstanceId, Assessment: outcome));
        if (outcome.End == AssessmentEnd.FinalPlanIssued)
        {
            var plan = ReviewedPlan.FromAssessment(assessment.Input, [.. assessment.AdviceContacts]);
            await context.CallActivityAsync<bool>(nameof(StartAnnualReviewActivity), AnnualReviewInput.FirstCycle(plan, outcome.EndedOn));
        }

        return outcome;
    }

    /// <summary>
    /// Version 2: version 1 with the family's notices as timetable steps. The workflow ends only once the notice of its
    /// last event has gone (a decision to decline, or the final plan, on a weekend goes on the next working day).
    /// </summary>
    static async Task<AssessmentOutcome> RunV2Async(TaskOrchestrationContext context, AssessmentInput input, string newest)
    {
        var assessment = new AssessmentCase(input);
        var advice = new AdviceRequests(context, context.InstanceId);

        while (!assessment.HasEnded || FamilyNotices.Pending(FamilyNotices.Steps(assessment), assessment.StepsTaken, null, FamilySteps))
        {
            var family = FamilyNotices.Steps(assessment);
            var next = Timetable.Next(assessment.HasEnded ? family : [.. AssessmentTimetable.Steps(assessment), .. family], assessment.StepsTaken);
            var message = await WorkflowSteps.NextEventOrStepAsync<CaseEventMessage>(context, EventNames.CaseEvent, next);
            if (message is null)
            {
                await WorkflowSteps.NotifyAsync(context, input.CaseId, next!, FactsV2(assessment, next!));
                assessment.StepTaken(next!.Name);
            }
            else
            {
                await ApplyAsync(context, assessment, advice, message);
            }
        }

        var outcome = assessment.Outcome(await advice.StopAllAsync(assessment.EndedOn!.Value));
        context.SetCustomStatus(new AppliedEvents(assessment.AppliedEventIds));
        await context.CallActivityAsync<bool>(nameof(RecordOutcomeActivity), new RecordedOutcome(context.InstanceId, Assessment: outcome));
        if (outcome.End == AssessmentEnd.FinalPlanIssued)
        {
            var plan = ReviewedPlan.FromAssessment(assessment.Input, [.. assessment.AdviceContacts]);
            await context.CallActivityAsync<bool>(nameof(StartAnnualReviewActivity), AnnualReviewInput.FirstCycleWithSurvey(plan, outcome.EndedOn));
        }

        return outcome;
    }

    static readonly string[] FamilySteps = [FamilyNotices.AssessmentDecisionStep, FamilyNotices.DraftPlanStep, FamilyNotices.FinalPlanStep];

    static NotificationFacts FactsV2(AssessmentCase assessment, TimetableStep step) => FamilyNotices.IsFamilyStep(step)
        ? FamilyNotices.Facts(
            Facts(assessment.Input), step, assessment.Input.FamilyEmail,
            step.Name == FamilyNotices.AssessmentDecisionStep && assessment.Decision is { } d ? ContractSpelling.AssessmentDecisions.Spell(d.Kind) : null)
        : Facts(assessment.Input);

    static async Task ApplyAsync(TaskOrchestrationContext context, AssessmentCase assessment, AdviceRequests advice, CaseEventMessage message)
    {
        var e = await CaseEvents.ReadAsync(context, message, assessment.HasApplied);
        if (e is null)
        {
            return;
        }

        if (assessment.Apply(e) is { } refusal)
        {
            await CaseEvents.RejectAsync(context, message, refusal);
            return;
        }

        switch (e)
        {
            case AdviceRequested requested:
                advice.Start(new AdviceLadderInput(
                    assessment.Input.CaseId, requested.Contact, NotificationKind.AdviceRequest, requested.On,
                    Calendar.WorkflowCalendar.AdviceDue(requested.On), AdviceLadder.AssessmentReminderDays,
                    assessment.Input.CaseworkerEmail, assessment.Input.ChildInitials));
                break;
            case AdviceReceived received:
                advice.Received(received.Contact, received.On);
                break;
            case CaseworkerChanged changed:
                advice.CaseworkerChanged(changed.CaseworkerEmail, changed.On);
                break;
        }
    }

    static NotificationFacts Facts(AssessmentInput input) => new()
    {
        ChildInitials = input.ChildInitials,
        SettingName = input.SettingName,
        RequestedOn = input.RequestedOn,
    };
}
