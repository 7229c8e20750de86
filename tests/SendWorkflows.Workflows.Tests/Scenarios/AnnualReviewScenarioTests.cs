using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>Whole annual review cycles through the embedded runtime and its virtual clock.</summary>
public sealed class AnnualReviewScenarioTests
{
    static (string On, NotificationKind Kind, string To, string Cc, string? Due) Line(Notification n) =>
        (n.On.ToString("yyyy-MM-dd"), n.Kind, string.Join(",", n.To), string.Join(",", n.Cc), n.DueOn?.ToString("yyyy-MM-dd"));

    [Fact]
    public async Task Year_6_transfer_review_is_targeted_for_23_November_and_chased_against_that_target()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P6", "6", lastReviewOn: "2025-03-10"));
        await scenario.RunThroughAsync("2025-11-21");

        Assert.Equal(
            [
                ("2025-09-15", NotificationKind.ReviewUpcoming, Setting, "", "2025-11-23"),
                ("2025-10-13", NotificationKind.ReviewMeetingNotScheduled, $"{Setting},{Caseworker}", "", "2025-11-23"),
                ("2025-10-27", NotificationKind.ReviewEscalation, SenManager, "", "2025-11-23"),
            ],
            scenario.NotificationsFor("P6").Select(Line));
        var entry = Assert.Single(scenario.Register.All()).Entry;
        Assert.Equal((Date("2026-03-10"), Date("2025-11-23"), TransferKind.School, "escalated"), (entry.NextReviewDue, entry.TargetMeetingOn, entry.Transfer, entry.Status));
    }

    [Fact]
    public async Task Amended_plan_that_misses_twelve_weeks_is_chased_alerted_and_recorded_missed_when_it_finally_arrives()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P7", "4", lastReviewOn: "2024-11-03"));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P7-s", "P7", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.ApplyAsync(new AdviceReceived("P7-a1", "P7", Date("2025-09-12"), "ep"));
        await scenario.ApplyAsync(new AdviceReceived("P7-a2", "P7", Date("2025-09-12"), "health"));
        await scenario.ApplyAsync(new ReviewMeetingHeld("P7-h", "P7", Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewReportReceived("P7-r", "P7", Date("2025-10-13")));
        await scenario.ApplyAsync(new ReviewDecision("P7-d", "P7", Date("2025-10-27"), ReviewDecisionKind.Amend));
        await scenario.ApplyAsync(new AmendedPlanIssued("P7-p", "P7", Date("2026-01-12")));

        Assert.Equal(
            [
                ("2025-09-08", NotificationKind.ReviewAdviceRequest, "ep@council.example", "", "2025-09-22"),
                ("2025-09-08", NotificationKind.ReviewAdviceRequest, "health@nhs.example", "", "2025-09-22"),
                ("2025-12-08", NotificationKind.AmendedPlanDueReminder, Caseworker, "", "2025-12-22"),
                ("2025-12-23", NotificationKind.StatutoryDeadlineMissed, SenManager, "", "2025-12-22"),
            ],
            scenario.NotificationsFor("P7").Select(Line));
        var recorded = Assert.Single(scenario.Outcomes.All(), o => o.Review is not null);
        Assert.False(recorded.Open);
        var outcome = recorded.Review!;
        Assert.Equal(LimitStatus.Met, outcome.Meeting.Status);
        Assert.Equal(LimitStatus.Met, outcome.DecisionLimit!.Status);
        Assert.Equal(new LimitResult("amended-plan", Date("2025-12-29"), Date("2026-01-12"), LimitStatus.Missed), outcome.AmendedPlan);
        Assert.Empty(scenario.Rejected.All());
        Assert.Equal(Date("2026-10-06"), Assert.Single(scenario.Register.All()).Entry.NextReviewDue);
    }

    [Fact]
    public async Task A_rescheduled_meeting_moves_outstanding_advice_but_not_advice_already_in()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P9", "4", lastReviewOn: "2024-11-03"));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P9-s", "P9", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.ApplyAsync(new AdviceReceived("P9-a1", "P9", Date("2025-09-12"), "ep"));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P9-s2", "P9", Date("2025-09-15"), Date("2025-11-10")));
        await scenario.RunThroughAsync("2025-10-31");

        Assert.Equal(
            [
                ("2025-09-08", NotificationKind.ReviewAdviceRequest, "ep@council.example", "", "2025-09-22"),
                ("2025-09-08", NotificationKind.ReviewAdviceRequest, "health@nhs.example", "", "2025-09-22"),
                ("2025-09-15", NotificationKind.ReviewAdviceRequest, "health@nhs.example", "", "2025-10-27"),
                ("2025-10-20", NotificationKind.AdviceReminder, "health@nhs.example", "", "2025-10-27"),
                ("2025-10-28", NotificationKind.AdviceEscalation, "health.manager@nhs.example", "", "2025-10-27"),
                ("2025-10-28", NotificationKind.AdviceOverdue, "health@nhs.example", "", "2025-10-27"),
            ],
            scenario.NotificationsFor("P9").Select(Line));
        Assert.Empty(scenario.Rejected.All());
    }

    [Fact]
    public async Task Cease_ends_the_plans_workflow_and_marks_the_register()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P8", "4", lastReviewOn: "2025-06-10"));
        await scenario.ApplyAsync(new PlanCeased("P8-c", "P8", Date("2025-10-01")));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P8-s", "P8", Date("2025-10-02"), Date("2025-11-03")));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, await scenario.StatusOf("review:P8"));
        Assert.True(Assert.Single(scenario.Register.All()).Entry.Ceased);
        Assert.Equal("the workflow review:P8 has ended (Completed)", Assert.Single(scenario.Rejected.All()).Reason);
    }

    [Fact]
    public async Task Backlog_import_sends_exactly_one_escalation_all_year_and_counts_in_the_backlog()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P9", "4", lastReviewOn: "2024-06-10"));
        await scenario.RunThroughAsync("2026-08-31");

        Assert.Equal([("2025-09-01", NotificationKind.ReviewEscalation, SenManager, $"{Setting},{Caseworker}", "2025-06-10")], scenario.NotificationsFor("P9").Select(Line));
        var kpis = Kpis.Compute(Date("2025-09-01"), Date("2026-08-31"), [], scenario.Outcomes.All().Select(o => o.Review!),
            scenario.Register.All().Select(p => p.Entry), Date("2026-08-31"));
        Assert.Equal(["P9"], kpis.OverdueReviews.PlanIds);
        var open = Assert.Single(scenario.Outcomes.All());
        Assert.Equal((true, LimitStatus.Missed), (open.Open, open.Review!.Meeting.Status));
    }

    [Fact]
    public async Task Impossible_review_event_is_rejected_and_stored_and_the_review_carries_on()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P10", "4", lastReviewOn: "2024-11-03"));
        await scenario.ApplyAsync(new ReviewDecision("P10-d", "P10", Date("2025-09-03"), ReviewDecisionKind.Maintain));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P10-s", "P10", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.RunThroughAsync("2025-09-08");

        var rejected = Assert.Single(scenario.Rejected.All());
        Assert.Equal(("review:P10", "P10-d", "ReviewDecision", "no review meeting has taken place in this cycle"), (rejected.Source, rejected.EventId, rejected.Type, rejected.Reason));
        Assert.Equal(2, scenario.NotificationsFor("P10").Count(n => n.Kind == NotificationKind.ReviewAdviceRequest));
    }

    [Fact]
    public async Task Review_advice_that_never_comes_climbs_the_same_ladder_with_the_reminder_a_week_before()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P12", "4", lastReviewOn: "2024-11-03", contributors: ["health"]));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P12-s", "P12", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.RunThroughAsync("2025-10-05");

        Assert.Equal(
            [
                ("2025-09-08", NotificationKind.ReviewAdviceRequest, "health@nhs.example", "", "2025-09-22"),
                ("2025-09-15", NotificationKind.AdviceReminder, "health@nhs.example", "", "2025-09-22"),
                ("2025-09-23", NotificationKind.AdviceEscalation, "health.manager@nhs.example", "", "2025-09-22"),
                ("2025-09-23", NotificationKind.AdviceOverdue, "health@nhs.example", "", "2025-09-22"),
                ("2025-10-02", NotificationKind.AdviceSeniorEscalation, "health.lead@nhs.example", Caseworker, "2025-09-22"),
            ],
            scenario.NotificationsFor("P12").Select(Line));
    }

    [Fact]
    public async Task Next_years_transfer_review_is_found_after_1_September_without_a_new_import()
    {
        // Year 5 at load; reviewed in January 2026; in 2026/27 the child is in Year 6, so the next target is 23 November 2026.
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P13", "5", lastReviewOn: "2025-01-20", contributors: []));
        await scenario.ApplyAsync(new ReviewMeetingHeld("P13-h", "P13", Date("2026-01-12")));
        await scenario.ApplyAsync(new ReviewDecision("P13-d", "P13", Date("2026-01-26"), ReviewDecisionKind.Maintain));
        await scenario.RunThroughAsync("2026-09-30");

        var next = Assert.Single(scenario.NotificationsFor("P13"), n => n.On >= Date("2026-02-01"));
        Assert.Equal((NotificationKind.ReviewUpcoming, Date("2026-09-14"), Date("2026-11-23")), (next.Kind, next.On, next.DueOn));
        var entry = Assert.Single(scenario.Register.All()).Entry;
        Assert.Equal((TransferKind.School, Date("2027-01-12"), YearGroup.Year(6)), (entry.Transfer, entry.NextReviewDue, entry.YearGroup));
    }

    [Fact]
    public async Task From_Year_9_the_preparing_for_adulthood_adviser_is_asked_for_review_advice()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P11", "9", lastReviewOn: "2024-11-03", contributors: ["ep"]));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P11-s", "P11", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.RunThroughAsync("2025-09-08");

        Assert.Equal(["ep@council.example", "pfa@council.example"], scenario.NotificationsFor("P11").Select(n => n.To.Single()));
    }
}
