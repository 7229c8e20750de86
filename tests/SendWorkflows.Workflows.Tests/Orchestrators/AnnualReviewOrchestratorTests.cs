using FakeItEasy;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Orchestrators;

public sealed class AnnualReviewOrchestratorTests
{
    const string Instance = "review:P1";

    [Fact]
    public void Plan_loaded_with_its_review_overdue_gets_one_escalation_at_once_and_nothing_it_missed()
    {
        // Last reviewed 10 June 2024, so due 10 June 2025; loaded Monday 1 September 2025.
        var script = new ScriptedContext(Instance, Date("2025-09-01"));

        var run = script.Run(ctx => new AnnualReviewOrchestrator().RunAsync(ctx, AnnualReviewInput.Imported(Plan(), Date("2024-06-10"))));

        Assert.False(run.IsCompleted);
        var escalation = Assert.Single(script.Notifications);
        Assert.Equal((NotificationKind.ReviewEscalation, Date("2025-09-01"), Date("2025-06-10")), (escalation.Kind, escalation.On, escalation.DueOn));
        Assert.Equal([Recipient.SenManager], escalation.To);
        Assert.Equal([Recipient.Address(Setting), Recipient.Address(Caseworker)], escalation.Cc);
        var register = script.Activities.Where(a => a.Name == nameof(UpdateRegisterActivity)).Select(a => ((RegisterUpdate)a.Input!).Status);
        Assert.Equal(["awaiting meeting", "escalated"], register);
    }

    [Fact]
    public void Plan_loaded_early_in_its_cycle_is_asked_for_a_meeting_then_chased_then_escalated()
    {
        // Due 10 June 2026 (Year 5 then: no transfer).
        var script = new ScriptedContext(Instance, Date("2025-09-01"));

        script.Run(ctx => new AnnualReviewOrchestrator().RunAsync(ctx, AnnualReviewInput.Imported(Plan(), Date("2025-06-10"))));

        Assert.Equal(
            [
                (NotificationKind.ReviewUpcoming, Date("2026-04-01")),
                (NotificationKind.ReviewMeetingNotScheduled, Date("2026-04-29")),
                (NotificationKind.ReviewEscalation, Date("2026-05-13")),
            ],
            script.Notifications.Select(n => (n.Kind, n.On)));
        Assert.Equal([Recipient.Address(Setting), Recipient.Address(Caseworker)], script.Notifications[1].To);
    }

    [Fact]
    public void Review_decision_before_any_meeting_is_rejected()
    {
        var script = new ScriptedContext(Instance, Date("2025-09-01"))
            .Then(Event(new ReviewDecision("d1", "P1", Date("2025-09-10"), ReviewDecisionKind.Maintain)));

        var run = script.Run(ctx => new AnnualReviewOrchestrator().RunAsync(ctx, AnnualReviewInput.Imported(Plan(), Date("2025-06-10"))));

        Assert.False(run.IsCompleted);
        Assert.Equal("no review meeting has taken place in this cycle", Assert.Single(script.Rejections).Reason);
    }

    [Fact]
    public async Task Maintain_records_the_cycle_and_continues_as_new_from_the_meeting()
    {
        var script = new ScriptedContext(Instance, Date("2025-09-01"))
            .Then(Event(new ReviewMeetingScheduled("m1", "P1", Date("2026-03-02"), Date("2026-05-04"))))
            .Then(Event(new ReviewMeetingHeld("m2", "P1", Date("2026-05-04"))))
            .Then(Event(new ReviewReportReceived("m3", "P1", Date("2026-05-11"))))
            .Then(Event(new ReviewDecision("m4", "P1", Date("2026-05-18"), ReviewDecisionKind.Maintain)));

        var outcome = await script.Run(ctx => new AnnualReviewOrchestrator().RunAsync(ctx, AnnualReviewInput.Imported(Plan(), Date("2025-06-10"))));

        Assert.Equal(LimitStatus.Met, outcome!.Meeting.Status);
        Assert.Equal(LimitStatus.Met, outcome.DecisionLimit!.Status);
        A.CallTo(() => script.Context.CallSubOrchestratorAsync<AdviceOutcome>(
                nameof(AdviceRequestOrchestrator),
                A<AdviceLadderInput>.That.Matches(i => i.DueOn == Date("2026-04-20") && i.RequestKind == NotificationKind.ReviewAdviceRequest),
                A<TaskOptions?>._))
            .MustHaveHappenedTwiceExactly();
        Func<object?, bool> isNextCycle = input =>
            input is AnnualReviewInput next && next.Cycle == 2 && next.LastReviewOn == Date("2026-05-04") && next.AppliedEventIds.Contains("m4");
        A.CallTo(() => script.Context.ContinueAsNew(A<ContinueAsNewOptions>.That.Matches(o => isNextCycle(o.NewInput)
                && o.NewVersion == WorkflowVersions.NewestOf(nameof(AnnualReviewOrchestrator)))))
            .MustHaveHappenedOnceExactly();
        var recorded = (RecordedOutcome)Assert.Single(script.Activities, a => a.Name == nameof(RecordOutcomeActivity)).Input!;
        Assert.Equal($"{Instance}/c1", recorded.Key);
    }

    [Fact]
    public void From_Year_9_the_preparing_for_adulthood_adviser_is_asked_too()
    {
        var script = new ScriptedContext(Instance, Date("2025-09-01"))
            .Then(Event(new ReviewMeetingScheduled("m1", "P1", Date("2026-03-02"), Date("2026-05-04"))));

        script.Run(ctx => new AnnualReviewOrchestrator().RunAsync(ctx, AnnualReviewInput.Imported(Plan(yearGroup: "9"), Date("2025-06-10"))));

        A.CallTo(() => script.Context.CallSubOrchestratorAsync<AdviceOutcome>(
                A<TaskName>._, A<AdviceLadderInput>.That.Matches(i => i.ContactKey == "pfa"),
                A<SubOrchestrationOptions>.That.Matches(o => o.InstanceId == "review:P1:c1:advice:pfa")))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Cease_ends_the_plan_workflow_without_another_cycle()
    {
        var script = new ScriptedContext(Instance, Date("2025-09-01"))
            .Then(Event(new PlanCeased("c1", "P1", Date("2025-10-01"))));

        var outcome = await script.Run(ctx => new AnnualReviewOrchestrator().RunAsync(ctx, AnnualReviewInput.Imported(Plan(), Date("2025-06-10"))));

        Assert.Null(outcome!.MeetingOn);
        A.CallTo(() => script.Context.ContinueAsNew(A<object?>._, A<bool>._)).MustNotHaveHappened();
        A.CallTo(() => script.Context.ContinueAsNew(A<ContinueAsNewOptions>._)).MustNotHaveHappened();
        var last = (RegisterUpdate)script.Activities.Last(a => a.Name == nameof(UpdateRegisterActivity)).Input!;
        Assert.True(last.Ceased);
    }
}
