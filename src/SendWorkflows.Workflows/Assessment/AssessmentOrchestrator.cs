using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Events;
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
/// <item>the end is recorded as an <see cref="AssessmentOutcome"/> against each limit.</item>
/// </list>
/// </summary>
public sealed class AssessmentOrchestrator : VersionedOrchestrator<AssessmentInput, AssessmentOutcome>
{
    public AssessmentOrchestrator()
        : base((WorkflowVersions.First, RunV1Async))
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
