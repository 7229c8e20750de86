using Microsoft.DurableTask;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Family;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Review;

public partial class AnnualReviewOrchestrator
{
    /// <summary>
    /// Version 2: version 1 with the family's notices (<see cref="FamilyNotices"/>): the decision after the meeting on
    /// its day, and the survey 2 weeks after it (or after the final plan, for a plan's first cycle). A cycle ends only
    /// once the decision's notice has gone. When the plan ceases, the family's e-mail leaves the workflow's stored
    /// state: the instance continues as a last, closing generation whose input no longer holds it (the runtime drops
    /// the earlier generations' history, ADR 0096).
    /// </summary>
    public static async Task<ReviewOutcome?> RunV2Async(TaskOrchestrationContext context, AnnualReviewInput input, string newest)
    {
        if (input.PlanCeased)
        {
            context.SetCustomStatus(new AppliedEvents([.. input.AppliedEventIds]));
            return null;
        }

        var cycle = new ReviewCycle(input, WorkflowSteps.Today(context));
        var advice = new AdviceRequests(context, $"{context.InstanceId}:c{input.Cycle}");
        var registered = await RegisterAsync(context, cycle, written: null);

        while (!cycle.IsOver || FamilyNotices.Pending(FamilyNotices.Steps(cycle), cycle.StepsTaken, cycle.StartedOn, FamilyNotices.ReviewDecisionStep))
        {
            var family = FamilyNotices.Steps(cycle);
            var steps = cycle.IsOver ? family : [.. ReviewTimetable.Steps(cycle), .. family];
            var next = Timetable.Next(steps, cycle.StepsTaken, skipBefore: cycle.StartedOn);
            var message = await WorkflowSteps.NextEventOrStepAsync<CaseEventMessage>(context, EventNames.CaseEvent, next);
            if (message is null)
            {
                await TakeV2Async(context, cycle, next!);
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
        var appliedIds = cycle.AppliedEventIds.Order(StringComparer.Ordinal).ToList();
        if (cycle.PlanEnded)
        {
            context.ContinueAsNew(new ContinueAsNewOptions
            {
                NewInput = input with { Plan = cycle.Plan with { FamilyEmail = null }, AppliedEventIds = appliedIds, PlanCeased = true, OpenSurvey = null },
                NewVersion = newest,
            });
        }
        else
        {
            context.ContinueAsNew(new ContinueAsNewOptions { NewInput = NextCycleV2(cycle, outcome), NewVersion = newest });
        }

        return outcome;
    }

    static async Task TakeV2Async(TaskOrchestrationContext context, ReviewCycle cycle, TimetableStep step)
    {
        if (!FamilyNotices.IsFamilyStep(step))
        {
            await TakeAsync(context, cycle, step);
            return;
        }

        var decision = cycle.Decision is { } d ? ContractSpelling.ReviewDecisions.Spell(d.Kind) : null;
        var facts = FamilyNotices.Facts(Facts(cycle), step, cycle.Plan.FamilyEmail, step.Name == FamilyNotices.ReviewDecisionStep ? decision : null);
        await WorkflowSteps.NotifyAsync(context, cycle.Plan.PlanId, step, facts, cycle.Input.Cycle);
        cycle.StepTaken(step.Name);
        if (FamilyNotices.IsSurvey(step))
        {
            var survey = new OpenFamilySurvey($"{context.InstanceId}/c{cycle.Input.Cycle}/{step.Name}", step.SendOn);
            cycle.SurveySent(survey.NotificationKey, survey.SentOn);
            await RecordSurveyAsync(context, cycle.Plan.PlanId, survey, answers: null);
        }
    }

    /// <summary>The next cycle carries the survey still owed for this cycle's decision, and the survey still open.</summary>
    static AnnualReviewInput NextCycleV2(ReviewCycle cycle, ReviewOutcome outcome) => NextCycle(cycle, outcome) with
    {
        FamilySurveyAfter = cycle.Decision is { } d && !cycle.StepsTaken.Contains(FamilyNotices.SurveyAfterDecisionStep) ? d.On : null,
        OpenSurvey = cycle.OpenSurvey,
    };

    /// <summary>A survey as sent (no answers yet) or as answered: the same key, so the answers replace the open record.</summary>
    static Task RecordSurveyAsync(TaskOrchestrationContext context, string planId, OpenFamilySurvey survey, FamilySurveyAnswered? answers) =>
        context.CallActivityAsync<bool>(nameof(RecordOutcomeActivity), new RecordedOutcome(
            survey.NotificationKey,
            Survey: new FamilySurveyOutcome(planId, survey.SentOn, answers?.On, answers?.Involved, answers?.CommunicationGood)));
}
