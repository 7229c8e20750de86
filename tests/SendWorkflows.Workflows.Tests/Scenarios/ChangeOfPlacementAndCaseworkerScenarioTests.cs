using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>PlacementChanged and CaseworkerChanged: later notifications go to the new setting or caseworker.</summary>
public sealed class ChangeOfPlacementAndCaseworkerScenarioTests
{
    const string NewSetting = "senco@birch.example";
    const string NewCaseworker = "cw2@council.example";

    static (string On, NotificationKind Kind, string To, string Cc) Line(Notification n) =>
        (n.On.ToString("yyyy-MM-dd"), n.Kind, string.Join(",", n.To), string.Join(",", n.Cc));

    [Fact]
    public async Task After_a_placement_change_the_register_shows_the_new_setting_at_once_and_this_and_next_cycles_notices_go_to_it()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P1", "4", lastReviewOn: "2025-01-12"));

        var moved = await scenario.ApplyAsync(new PlacementChanged("P1-moved", "P1", Date("2025-10-06"), "Birch Special", NewSetting, SettingType.Special));
        var registered = Assert.Single(scenario.Register.All());
        await scenario.RunThroughAsync("2025-11-03");
        var upcoming = scenario.NotificationsFor("P1").ToList();
        await scenario.ApplyAsync(new ReviewMeetingHeld("P1-h", "P1", Date("2026-01-05")));
        await scenario.ApplyAsync(new ReviewReportReceived("P1-r", "P1", Date("2026-01-12")));
        await scenario.ApplyAsync(new ReviewDecision("P1-d", "P1", Date("2026-01-19"), ReviewDecisionKind.Maintain));
        await scenario.RunThroughAsync("2026-10-30");

        Assert.Equal(DispatchOutcome.Raised, moved.Outcome);
        Assert.Equal(("Birch Special", SettingType.Special, NewSetting, Caseworker), (registered.Entry.SettingName, registered.Entry.SettingType, registered.SettingEmail, registered.CaseworkerEmail));
        Assert.Equal([("2025-11-03", NotificationKind.ReviewUpcoming, NewSetting, "")], upcoming.Select(Line));
        var nextCycle = scenario.NotificationsFor("P1")[^1];
        Assert.Equal(("2026-10-27", NotificationKind.ReviewUpcoming, NewSetting, ""), Line(nextCycle));
        Assert.Equal("Birch Special", nextCycle.Facts.SettingName);
        Assert.DoesNotContain(scenario.Notifications.All(), n => n.To.Contains(Setting) || n.Cc.Contains(Setting));
        Assert.Empty(scenario.Rejected.All());
    }

    [Fact]
    public async Task After_a_caseworker_change_the_meeting_chase_and_the_advice_escalations_copy_the_new_caseworker()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P2", "4", lastReviewOn: "2025-01-12"));
        await scenario.LoadAsync(Rows.Plan("P3", "4", lastReviewOn: "2025-01-12"));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P3-s", "P3", Date("2025-11-10"), Date("2025-12-08")));

        await scenario.ApplyAsync(new CaseworkerChanged("P2-cw", "P2", Date("2025-10-06"), NewCaseworker));
        await scenario.ApplyAsync(new CaseworkerChanged("P3-cw", "P3", Date("2025-11-12"), NewCaseworker));
        var registered = scenario.Register.All().Single(p => p.PlanId == "P2");
        await scenario.RunThroughAsync("2025-12-05");

        Assert.Equal(NewCaseworker, registered.CaseworkerEmail);
        Assert.Contains(("2025-12-01", NotificationKind.ReviewMeetingNotScheduled, $"{Setting},{NewCaseworker}", ""), scenario.NotificationsFor("P2").Select(Line));
        var senior = scenario.NotificationsFor("P3").Where(n => n.Kind == NotificationKind.AdviceSeniorEscalation).ToList();
        Assert.Equal(2, senior.Count);
        Assert.All(senior, n => Assert.Equal([NewCaseworker], n.Cc));
        Assert.DoesNotContain(scenario.Notifications.All(), n => n.On >= Date("2025-10-06") && n.CaseId == "P2" && n.To.Concat(n.Cc).Contains(Caseworker));
    }

    [Fact]
    public async Task Changes_during_an_assessment_reach_its_reminders_and_the_plan_it_issues()
    {
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Rows.Request("C1", "2025-01-06"));

        var placement = await scenario.ApplyAsync(new PlacementChanged("C1-moved", "C1", Date("2025-01-20"), "Birch Special", NewSetting, SettingType.Special));
        var caseworker = await scenario.ApplyAsync(new CaseworkerChanged("C1-cw", "C1", Date("2025-01-20"), NewCaseworker));
        await scenario.RunThroughAsync("2025-02-10");
        var reminder = Assert.Single(scenario.NotificationsFor("C1"));
        await scenario.ApplyAsync(new AssessmentDecision("C1-d", "C1", Date("2025-02-11"), AssessmentDecisionKind.Assess));
        await scenario.ApplyAsync(new FinalPlanIssued("C1-f", "C1", Date("2025-05-12")));
        await scenario.RunThroughAsync("2025-05-12"); // version 2 ends once the family's notice of the final plan has gone, at 7am

        Assert.Equal(("assessment:C1", "assessment:C1"), (placement.InstanceId, caseworker.InstanceId));
        Assert.Equal(("2025-02-10", NotificationKind.DecisionDueReminder, NewCaseworker, ""), Line(reminder));
        Assert.All(scenario.NotificationsFor("C1"), n => Assert.DoesNotContain(Caseworker, n.To));
        var plan = Assert.Single(scenario.Register.All());
        Assert.Equal(("Birch Special", SettingType.Special, NewSetting, NewCaseworker), (plan.Entry.SettingName, plan.Entry.SettingType, plan.SettingEmail, plan.CaseworkerEmail));
        Assert.Empty(scenario.Rejected.All());
    }

    [Fact]
    public async Task A_change_for_an_unknown_case_is_rejected_and_kept()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");

        var result = await scenario.ApplyAsync(new CaseworkerChanged("X-cw", "X9", Date("2025-09-02"), NewCaseworker));

        Assert.Equal(DispatchOutcome.Rejected, result.Outcome);
        var kept = Assert.Single(scenario.Rejected.All());
        Assert.Equal(("X-cw", "CaseworkerChanged"), (kept.EventId, kept.Type));
        Assert.Contains("'X9' is unknown", kept.Reason, StringComparison.Ordinal);
    }
}
