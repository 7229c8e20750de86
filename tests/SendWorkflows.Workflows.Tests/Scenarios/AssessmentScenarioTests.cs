using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>Whole assessments through the embedded runtime and its virtual clock.</summary>
public sealed class AssessmentScenarioTests
{
    static (string On, NotificationKind Kind, string To, string Cc, string? Due) Line(Notification n) =>
        (n.On.ToString("yyyy-MM-dd"), n.Kind, string.Join(",", n.To), string.Join(",", n.Cc), n.DueOn?.ToString("yyyy-MM-dd"));

    [Fact]
    public async Task Assessment_answered_on_time_sends_only_the_advice_requests_and_hands_over_to_annual_review()
    {
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Rows.Request("C1", "2025-01-06"));
        await scenario.ApplyAsync(new AssessmentDecision("C1-d", "C1", Date("2025-01-27"), AssessmentDecisionKind.Assess));
        await scenario.ApplyAsync(new AdviceRequested("C1-a1", "C1", Date("2025-01-28"), "ep"));
        await scenario.ApplyAsync(new AdviceRequested("C1-a2", "C1", Date("2025-01-28"), "health"));
        await scenario.ApplyAsync(new AdviceReceived("C1-r1", "C1", Date("2025-02-18"), "ep"));
        await scenario.ApplyAsync(new AdviceReceived("C1-r2", "C1", Date("2025-02-20"), "health"));
        await scenario.ApplyAsync(new DraftPlanIssued("C1-p1", "C1", Date("2025-04-07")));
        await scenario.ApplyAsync(new FinalPlanIssued("C1-p2", "C1", Date("2025-05-12")));
        await scenario.RunThroughAsync("2025-05-12"); // version 2 ends once the family's notice of the final plan has gone, at 7am
        var redelivered = await scenario.ApplyAsync(new FinalPlanIssued("C1-p2", "C1", Date("2025-05-12")));

        Assert.Equal(
            [
                ("2025-01-28", NotificationKind.AdviceRequest, "ep@council.example", "", "2025-03-11"),
                ("2025-01-28", NotificationKind.AdviceRequest, "health@nhs.example", "", "2025-03-11"),
            ],
            scenario.NotificationsFor("C1").Select(Line));
        var outcome = Assert.Single(scenario.Outcomes.All()).Assessment!;
        Assert.Equal((AssessmentEnd.FinalPlanIssued, 18.0, LimitStatus.Met, LimitStatus.Met), (outcome.End, outcome.WeeksTaken, outcome.Decision.Status, outcome.FinalPlan!.Status));
        Assert.All(outcome.Advice, a => Assert.Equal(LimitStatus.Met, a.Status));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await scenario.StatusOf("assessment:C1"));
        Assert.Equal(DispatchOutcome.Duplicate, redelivered.Outcome);
        Assert.Empty(scenario.Rejected.All());
        Assert.Equal(OrchestrationRuntimeStatus.Running, await scenario.StatusOf("review:C1"));
        var registered = Assert.Single(scenario.Register.All());
        Assert.Equal(("C1", Date("2026-05-12")), (registered.PlanId, registered.Entry.NextReviewDue));
    }

    [Fact]
    public async Task Late_health_advice_climbs_the_whole_escalation_ladder_then_stops_when_it_arrives()
    {
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Rows.Request("C2", "2025-01-06"));
        await scenario.ApplyAsync(new AssessmentDecision("C2-d", "C2", Date("2025-01-13"), AssessmentDecisionKind.Assess));
        await scenario.ApplyAsync(new AdviceRequested("C2-a", "C2", Date("2025-01-13"), "health"));
        await scenario.ApplyAsync(new AdviceReceived("C2-r", "C2", Date("2025-03-10"), "health"));
        await scenario.RunThroughAsync("2025-03-31");

        Assert.Equal(
            [
                ("2025-01-13", NotificationKind.AdviceRequest, "health@nhs.example", "", "2025-02-24"),
                ("2025-02-10", NotificationKind.AdviceReminder, "health@nhs.example", "", "2025-02-24"),
                ("2025-02-25", NotificationKind.AdviceEscalation, "health.manager@nhs.example", "", "2025-02-24"),
                ("2025-02-25", NotificationKind.AdviceOverdue, "health@nhs.example", "", "2025-02-24"),
                ("2025-03-06", NotificationKind.AdviceSeniorEscalation, "health.lead@nhs.example", Caseworker, "2025-02-24"),
            ],
            scenario.NotificationsFor("C2").Select(Line));
    }

    [Fact]
    public async Task Summer_closure_exception_is_recorded_and_the_missed_twenty_weeks_still_alerts_the_manager()
    {
        await using var scenario = WorkflowScenario.Starting("2025-06-02");
        await scenario.ApplyAsync(Rows.Request("C3", "2025-06-02"));
        await scenario.ApplyAsync(new AssessmentDecision("C3-d", "C3", Date("2025-06-30"), AssessmentDecisionKind.Assess));
        await scenario.ApplyAsync(new ExceptionRecorded("C3-x", "C3", Date("2025-07-01"), ExceptionReason.SchoolClosure, Date("2025-07-21"), Date("2025-09-02")));
        await scenario.ApplyAsync(new DraftPlanIssued("C3-p1", "C3", Date("2025-09-29")));
        await scenario.ApplyAsync(new FinalPlanIssued("C3-p2", "C3", Date("2025-11-03")));
        await scenario.RunThroughAsync("2025-11-03"); // version 2 ends once the family's notice of the final plan has gone, at 7am

        Assert.Equal(
            [
                ("2025-09-08", NotificationKind.DraftPlanDueReminder, Caseworker, "", "2025-09-22"),
                ("2025-10-06", NotificationKind.FinalPlanDueReminder, Caseworker, "", "2025-10-20"),
                ("2025-10-21", NotificationKind.StatutoryDeadlineMissed, SenManager, "", "2025-10-20"),
            ],
            scenario.NotificationsFor("C3").Select(Line));
        var outcome = Assert.Single(scenario.Outcomes.All()).Assessment!;
        Assert.Equal((LimitStatus.Missed, 22.0), (outcome.FinalPlan!.Status, outcome.WeeksTaken));
        Assert.Equal([new RecordedException(ExceptionReason.SchoolClosure, Date("2025-07-21"), Date("2025-09-02"), Date("2025-07-01"))], outcome.Exceptions);
        Assert.True(Reg10Exceptions.HasValidException(outcome));
    }

    [Fact]
    public async Task Refused_assessment_ends_with_its_outcome_and_later_events_for_it_are_rejected()
    {
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Rows.Request("C4", "2025-01-06"));
        await scenario.ApplyAsync(new AssessmentDecision("C4-d", "C4", Date("2025-02-03"), AssessmentDecisionKind.Decline));
        var late = await scenario.ApplyAsync(new DraftPlanIssued("C4-p", "C4", Date("2025-02-10")));

        var outcome = Assert.Single(scenario.Outcomes.All()).Assessment!;
        Assert.Equal((AssessmentEnd.Declined, LimitStatus.Met, 4.0), (outcome.End, outcome.Decision.Status, outcome.WeeksTaken));
        Assert.Empty(scenario.NotificationsFor("C4"));
        Assert.Equal(DispatchOutcome.Rejected, late.Outcome);
        Assert.Equal("the workflow assessment:C4 has ended (Completed)", Assert.Single(scenario.Rejected.All()).Reason);
    }

    [Fact]
    public async Task Undecided_request_alerts_the_SEN_manager_the_day_after_six_weeks()
    {
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Rows.Request("C5", "2025-01-06"));
        await scenario.RunThroughAsync("2025-02-28");

        Assert.Equal(
            [
                ("2025-02-10", NotificationKind.DecisionDueReminder, Caseworker, "", "2025-02-17"),
                ("2025-02-18", NotificationKind.StatutoryDeadlineMissed, SenManager, "", "2025-02-17"),
            ],
            scenario.NotificationsFor("C5").Select(Line));
    }

    [Fact]
    public async Task Duplicate_event_id_is_applied_once()
    {
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Rows.Request("C6", "2025-01-06"));
        var requested = new AdviceRequested("C6-dup", "C6", Date("2025-01-13"), "health");
        await scenario.ApplyAsync(requested);
        await scenario.ApplyAsync(requested);
        var again = await scenario.ApplyAsync(Rows.Request("C6", "2025-01-06"));
        await scenario.RunThroughAsync("2025-01-31");

        Assert.Equal([NotificationKind.AdviceRequest], scenario.NotificationsFor("C6").Select(n => n.Kind));
        Assert.Empty(scenario.Rejected.All());
        Assert.Equal(DispatchOutcome.Duplicate, again.Outcome);
    }

    [Fact]
    public async Task Unknown_case_and_unknown_contact_are_rejected_by_the_dispatcher_with_reasons()
    {
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Rows.Request("C7", "2025-01-06"));
        await scenario.ApplyAsync(new AdviceRequested("x1", "C7", Date("2025-01-13"), "dentist"));
        await scenario.ApplyAsync(new AssessmentDecision("x2", "NOPE", Date("2025-01-13"), AssessmentDecisionKind.Assess));

        Assert.Equal(
            ["contact 'dentist' is not in the contacts directory", "case 'NOPE' is unknown"],
            scenario.Rejected.All().Select(r => r.Reason));
    }
}
