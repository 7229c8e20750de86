using FakeItEasy;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Orchestrators;

public sealed class AssessmentOrchestratorTests
{
    const string Instance = "assessment:C1";

    // Requested Monday 6 January 2025: decision due 17 February, final plan due 26 May.
    static readonly AssessmentInput Input = Request("2025-01-06");

    static ScriptedContext Script() => new(Instance, Date("2025-01-06"));

    [Fact]
    public void Undecided_request_reminds_the_caseworker_at_five_weeks_and_alerts_the_manager_the_day_after_six()
    {
        var script = Script();

        script.Run(ctx => new AssessmentOrchestrator().RunAsync(ctx, Input));

        var first = script.Notifications.Take(2).ToList();
        Assert.Equal((NotificationKind.DecisionDueReminder, Date("2025-02-10"), Date("2025-02-17")), (first[0].Kind, first[0].On, first[0].DueOn));
        Assert.Equal([Recipient.Address(Caseworker)], first[0].To);
        Assert.Equal((NotificationKind.StatutoryDeadlineMissed, Date("2025-02-18"), Date("2025-02-17")), (first[1].Kind, first[1].On, first[1].DueOn));
        Assert.Equal([Recipient.SenManager], first[1].To);
        Assert.Equal($"{Instance}/decision-missed", first[1].Key);
        Assert.Equal(StatutoryStep.AssessmentDecision, first[1].Facts.MissedStep);
        Assert.Null(first[0].Facts.MissedStep);
    }

    [Fact]
    public async Task Decline_ends_the_assessment_with_its_outcome_and_nothing_sent()
    {
        var script = Script().Then(Event(new AssessmentDecision("d1", "C1", Date("2025-01-20"), AssessmentDecisionKind.Decline)));

        var outcome = await script.Run(ctx => new AssessmentOrchestrator().RunAsync(ctx, Input));

        Assert.Empty(script.Notifications);
        Assert.Equal(AssessmentEnd.Declined, outcome.End);
        Assert.Equal(new LimitResult("decision", Date("2025-02-17"), Date("2025-01-20"), LimitStatus.Met), outcome.Decision);
        Assert.Equal(2.0, outcome.WeeksTaken);
        var recorded = Assert.Single(script.Activities, a => a.Name == nameof(RecordOutcomeActivity));
        Assert.Equal(outcome, ((RecordedOutcome)recorded.Input!).Assessment);
        Assert.DoesNotContain(script.Activities, a => a.Name == nameof(StartAnnualReviewActivity));
    }

    [Fact]
    public async Task Final_plan_hands_the_case_to_its_annual_review_with_the_issue_date()
    {
        var script = Script()
            .Then(Event(new AssessmentDecision("d1", "C1", Date("2025-02-03"), AssessmentDecisionKind.Assess)))
            .Then(Event(new AdviceRequested("a1", "C1", Date("2025-02-04"), "health")))
            .Then(Event(new DraftPlanIssued("p1", "C1", Date("2025-04-14"))))
            .Then(Event(new FinalPlanIssued("p2", "C1", Date("2025-05-19"))));

        var outcome = await script.Run(ctx => new AssessmentOrchestrator().RunAsync(ctx, Input));

        Assert.Equal(AssessmentEnd.FinalPlanIssued, outcome.End);
        Assert.Equal(LimitStatus.Met, outcome.FinalPlan!.Status);
        Assert.Equal([NotificationKind.FinalPlanDueReminder], script.Notifications.Select(n => n.Kind));
        var handover = (AnnualReviewInput)Assert.Single(script.Activities, a => a.Name == nameof(StartAnnualReviewActivity)).Input!;
        Assert.Equal((Date("2025-05-19"), 1, (DateOnly?)null), (handover.Plan.PlanIssuedOn, handover.Cycle, handover.LastReviewOn));
        Assert.Equal(["health"], handover.Plan.Contributors);
        A.CallTo(() => script.Context.CallSubOrchestratorAsync<AdviceOutcome>(
                nameof(AdviceRequestOrchestrator),
                A<AdviceLadderInput>.That.Matches(i => i.ContactKey == "health" && i.DueOn == Date("2025-03-18")),
                A<SubOrchestrationOptions>.That.Matches(o => o.InstanceId == "assessment:C1:advice:health")))
            .MustHaveHappenedOnceExactly();
        A.CallTo(() => script.Context.SendEvent("assessment:C1:advice:health", A<string>._, A<object>._)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Impossible_event_is_rejected_with_its_reason_and_the_workflow_carries_on()
    {
        var script = Script()
            .Then(Event(new AdviceReceived("r1", "C1", Date("2025-01-13"), "health")))
            .Then(Event(new AssessmentDecision("d1", "C1", Date("2025-01-20"), AssessmentDecisionKind.Decline)));

        var outcome = await script.Run(ctx => new AssessmentOrchestrator().RunAsync(ctx, Input));

        var rejected = Assert.Single(script.Rejections);
        Assert.Equal(("r1", Instance, "advice was never requested from 'health' for this assessment"), (rejected.EventId, rejected.Source, rejected.Reason));
        Assert.Equal(AssessmentEnd.Declined, outcome.End);
    }

    [Fact]
    public async Task Same_event_id_twice_has_the_effect_of_once()
    {
        var requested = Event(new AdviceRequested("a1", "C1", Date("2025-01-13"), "ep"));
        var script = Script()
            .Then(requested)
            .Then(requested with { On = Date("2025-01-14") })
            .Then(Event(new AssessmentDecision("d1", "C1", Date("2025-01-20"), AssessmentDecisionKind.Decline)));

        await script.Run(ctx => new AssessmentOrchestrator().RunAsync(ctx, Input));

        A.CallTo(() => script.Context.CallSubOrchestratorAsync<AdviceOutcome>(A<TaskName>._, A<object?>._, A<TaskOptions?>._))
            .MustHaveHappenedOnceExactly();
        Assert.Empty(script.Rejections);
    }

    [Fact]
    public async Task A_second_decision_is_rejected()
    {
        var script = Script()
            .Then(Event(new AssessmentDecision("d1", "C1", Date("2025-01-20"), AssessmentDecisionKind.Assess)))
            .Then(Event(new AssessmentDecision("d2", "C1", Date("2025-01-21"), AssessmentDecisionKind.Decline)))
            .Then(Event(new PlanNotIssued("n1", "C1", Date("2025-04-01"))));

        var outcome = await script.Run(ctx => new AssessmentOrchestrator().RunAsync(ctx, Input));

        Assert.Contains("already made (Assess) on 2025-01-20", Assert.Single(script.Rejections).Reason);
        Assert.Equal(AssessmentEnd.PlanNotIssued, outcome.End);
        Assert.Equal(LimitStatus.Met, outcome.NotToIssue!.Status);
    }
}
