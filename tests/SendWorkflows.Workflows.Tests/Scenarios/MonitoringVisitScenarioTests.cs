using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Monitoring;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>Monitoring visits on the contract's timetable (section 4), through the embedded runtime and its virtual clock.</summary>
public sealed class MonitoringVisitScenarioTests
{
    const string Officer = "placements@council.example";

    static ContactsDirectory WithOfficer() => Contacts() with { PlacementsOfficer = Officer };

    static (string On, NotificationKind Kind, string To, string Cc, string? Due) Line(Notification n) =>
        (n.On.ToString("yyyy-MM-dd"), n.Kind, string.Join(",", n.To), string.Join(",", n.Cc), n.DueOn?.ToString("yyyy-MM-dd"));

    static IEnumerable<(string, NotificationKind, string, string, string?)> Visits(WorkflowScenario scenario, string planId) =>
        scenario.NotificationsFor(planId)
            .Where(n => n.Kind is NotificationKind.MonitoringVisitDue or NotificationKind.MonitoringVisitOverdue)
            .OrderBy(n => n.On).ThenBy(n => n.Kind).Select(Line);

    static PlanRecord OutOfArea(string planId, string? lastVisit) => Rows.Plan(planId, "8", "2025-03-10") with
    {
        SettingName = "Hill House", SettingEmail = "office@hillhouse.example", SettingType = SettingType.OutOfArea,
        LastMonitoringVisitOn = lastVisit is null ? null : Date(lastVisit),
    };

    [Fact]
    public async Task A_visit_11_months_before_the_period_is_due_at_V_minus_4_weeks_on_the_next_working_day_and_overdue_at_V_plus_1_day()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        await scenario.LoadAsync(OutOfArea("M1", lastVisit: "2024-10-04"));
        await scenario.RunThroughAsync("2025-12-31");

        // V = 4 October 2025, a Saturday: V - 4 weeks is Saturday 6 September, V + 1 day Sunday 5 October.
        Assert.Equal(
            [
                ("2025-09-08", NotificationKind.MonitoringVisitDue, Officer, Caseworker, "2025-10-04"),
                ("2025-10-06", NotificationKind.MonitoringVisitOverdue, $"{Officer},{SenManager}", "", "2025-10-04"),
            ],
            Visits(scenario, "M1"));
        var entry = Assert.Single(scenario.MonitoringVisits.All());
        Assert.Equal((Date("2025-10-04"), Date("2024-10-04"), MonitoringVisitStatus.Overdue), (entry.VisitDueOn, entry.LastVisitOn, entry.StatusOn(Date("2025-10-06"))));
        Assert.Equal(nameof(MonitoringVisitRecorded), scenario.NotificationsFor("M1").First(n => n.Kind == NotificationKind.MonitoringVisitDue).Facts.ResponseEvent);
        Assert.Empty(await scenario.FailedInstancesAsync());
    }

    [Fact]
    public async Task A_recorded_visit_stops_both_notices_and_restarts_the_year_from_the_visit()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        await scenario.LoadAsync(OutOfArea("M2", lastVisit: "2024-10-04"));
        var recorded = await scenario.ApplyAsync(new MonitoringVisitRecorded("M2-v", "M2", Date("2025-09-20")));
        await scenario.ApplyAsync(new MonitoringVisitRecorded("M2-v", "M2", Date("2025-09-20")));
        await scenario.RunThroughAsync("2026-10-31");

        Assert.Equal(Dispatch.DispatchOutcome.Raised, recorded.Outcome);
        // V = 20 September 2026: V - 4 weeks is Sunday 23 August, V + 1 day Monday 21 September.
        Assert.Equal(
            [
                ("2025-09-08", NotificationKind.MonitoringVisitDue, Officer, Caseworker, "2025-10-04"),
                ("2026-08-24", NotificationKind.MonitoringVisitDue, Officer, Caseworker, "2026-09-20"),
                ("2026-09-21", NotificationKind.MonitoringVisitOverdue, $"{Officer},{SenManager}", "", "2026-09-20"),
            ],
            Visits(scenario, "M2"));
        Assert.Equal(Date("2025-09-20"), Assert.Single(scenario.MonitoringVisits.All()).LastVisitOn);
        Assert.Empty(scenario.Rejected.All());
    }

    [Fact]
    public async Task A_move_to_a_mainstream_school_stops_the_visits()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        await scenario.LoadAsync(OutOfArea("M3", lastVisit: "2024-10-04"));
        await scenario.ApplyAsync(new PlacementChanged("M3-move", "M3", Date("2025-09-15"), "Oak Secondary", "senco@oak.example", SettingType.Mainstream));
        await scenario.RunThroughAsync("2026-12-31");

        Assert.Equal([("2025-09-08", NotificationKind.MonitoringVisitDue, Officer, Caseworker, "2025-10-04")], Visits(scenario, "M3"));
        var entry = Assert.Single(scenario.MonitoringVisits.All());
        Assert.Equal((SettingType.Mainstream, MonitoringVisitStatus.NotMonitored), (entry.SettingType, entry.StatusOn(Date("2026-12-31"))));
        Assert.Equal(SettingType.Mainstream, Assert.Single(scenario.Register.All()).Entry.SettingType);
        Assert.Equal(OrchestrationRuntimeStatus.Running, await scenario.StatusOf(MonitoringVisitInput.InstanceIdFor("M3")));
    }

    [Fact]
    public async Task A_move_into_a_residential_setting_starts_the_visits_at_the_move_plus_12_weeks()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        await scenario.LoadAsync(Rows.Plan("M4", "8", "2025-03-10"));
        Assert.Null(await scenario.StatusOf(MonitoringVisitInput.InstanceIdFor("M4")));

        await scenario.ApplyAsync(new PlacementChanged("M4-move", "M4", Date("2025-10-01"), "Lake School", "office@lake.example", SettingType.Residential));
        await scenario.RunThroughAsync("2026-01-31");

        // V = 24 December 2025; V + 1 day is Christmas Day, then Boxing Day and a weekend.
        Assert.Equal(
            [
                ("2025-11-26", NotificationKind.MonitoringVisitDue, Officer, Caseworker, "2025-12-24"),
                ("2025-12-29", NotificationKind.MonitoringVisitOverdue, $"{Officer},{SenManager}", "", "2025-12-24"),
            ],
            Visits(scenario, "M4"));
        Assert.Equal("Lake School", scenario.NotificationsFor("M4").First(n => n.Kind == NotificationKind.MonitoringVisitDue).Facts.SettingName);
    }

    [Fact]
    public async Task A_move_back_into_a_monitored_setting_restarts_visits_and_the_plan_ceasing_ends_them()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        await scenario.LoadAsync(OutOfArea("M5", lastVisit: "2025-06-01"));
        await scenario.ApplyAsync(new PlacementChanged("M5-out", "M5", Date("2025-09-15"), "Oak Secondary", "senco@oak.example", SettingType.Mainstream));
        await scenario.ApplyAsync(new PlacementChanged("M5-in", "M5", Date("2025-10-06"), "Vale College", "office@vale.example", SettingType.Independent));
        await scenario.ApplyAsync(new PlanCeased("M5-end", "M5", Date("2025-11-03")));
        await scenario.RunThroughAsync("2026-06-30");

        Assert.Empty(Visits(scenario, "M5"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await scenario.StatusOf(MonitoringVisitInput.InstanceIdFor("M5")));
        Assert.True(Assert.Single(scenario.MonitoringVisits.All()).Ended);
    }

    [Fact]
    public async Task Without_a_placements_officer_the_notices_go_to_the_SEN_manager()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(OutOfArea("M6", lastVisit: "2024-10-04"));
        await scenario.RunThroughAsync("2025-10-31");

        Assert.Equal(
            [
                ("2025-09-08", NotificationKind.MonitoringVisitDue, SenManager, Caseworker, "2025-10-04"),
                ("2025-10-06", NotificationKind.MonitoringVisitOverdue, SenManager, "", "2025-10-04"),
            ],
            Visits(scenario, "M6"));
    }

    [Fact]
    public async Task A_plan_running_before_monitoring_visits_existed_gets_them_once_on_the_next_import()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        var row = OutOfArea("M7", lastVisit: null);
        var plan = ReviewedPlan.FromRecord(row, scenario.Today, row.Contributors ?? []);
        await scenario.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AnnualReviewOrchestrator), AnnualReviewInput.Imported(plan, row.LastReviewOn), new StartOrchestrationOptions(ReviewedPlan.InstanceIdFor("M7")));
        await scenario.Runtime.RunUntilIdleAsync();
        Assert.Null(await scenario.StatusOf(MonitoringVisitInput.InstanceIdFor("M7")));

        await scenario.RunThroughAsync("2025-09-07");
        await scenario.LoadCaseloadAsync([row]);
        await scenario.LoadCaseloadAsync([row]);
        await scenario.RunThroughAsync("2025-12-31");

        // Imported again late on Sunday 7 September: V = Sunday 30 November 2025.
        Assert.Equal(
            [
                ("2025-11-03", NotificationKind.MonitoringVisitDue, Officer, Caseworker, "2025-11-30"),
                ("2025-12-01", NotificationKind.MonitoringVisitOverdue, $"{Officer},{SenManager}", "", "2025-11-30"),
            ],
            Visits(scenario, "M7"));
    }

    [Fact]
    public async Task A_later_visit_in_a_reloaded_caseload_is_recorded()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        await scenario.LoadCaseloadAsync([OutOfArea("M8", lastVisit: "2024-10-04")]);
        await scenario.RunThroughAsync("2025-09-30");

        var load = Assert.Single(await scenario.LoadCaseloadAsync([OutOfArea("M8", lastVisit: "2025-09-29")]));
        await scenario.RunThroughAsync("2025-12-31");

        Assert.Contains("last monitoring visit", load.Applied);
        Assert.DoesNotContain(Visits(scenario, "M8"), line => line.Item2 == NotificationKind.MonitoringVisitOverdue);
        Assert.Equal((Date("2025-09-29"), Date("2026-09-29")), (scenario.MonitoringVisits.All().Single().LastVisitOn, scenario.MonitoringVisits.All().Single().VisitDueOn));
    }

    [Fact]
    public async Task Bad_placement_and_visit_events_are_each_rejected_with_a_reason_and_kept_and_the_plan_carries_on()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        await scenario.LoadAsync(OutOfArea("M9", lastVisit: "2024-10-04"));
        await scenario.RunThroughAsync("2025-09-09");

        var read = CaseEventReader.ReadLines(
            """
            {"id":"M9-a","type":"PlacementChanged","caseId":"M9","on":"2025-09-10","settingName":"Oak Secondary","settingType":"mainstream"}
            {"id":"M9-b","type":"PlacementChanged","caseId":"M9","on":"2025-09-10","settingName":"Oak Secondary","settingEmail":"senco@oak.example","settingType":"boarding"}
            """);
        foreach (var rejection in read.Rejected)
        {
            await scenario.Rejected.RecordAsync(new RejectedEvent(
                "events", rejection.Reason, rejection.EventId, rejection.CaseId, rejection.Type, Line: rejection.Line, Raw: rejection.Redacted, Field: rejection.Field));
        }

        var future = await scenario.DispatchNowAsync(new MonitoringVisitRecorded("M9-c", "M9", Date("2025-09-11")));
        var unmonitored = await scenario.ApplyAsync(new MonitoringVisitRecorded("M1-x", "NOPE", Date("2025-09-10")));
        await scenario.RunThroughAsync("2025-10-31");

        Assert.Empty(read.Accepted);
        Assert.Equal(Dispatch.DispatchOutcome.Rejected, future.Outcome);
        Assert.Equal(Dispatch.DispatchOutcome.Rejected, unmonitored.Outcome);
        var kept = scenario.Rejected.All().ToDictionary(r => r.EventId!);
        Assert.Equal(("settingEmail", "M9"), (kept["M9-a"].Field, kept["M9-a"].CaseId));
        Assert.Contains("settingEmail", kept["M9-a"].Reason, StringComparison.Ordinal);
        Assert.Contains("boarding", kept["M9-b"].Reason, StringComparison.Ordinal);
        Assert.Contains("out_of_area", kept["M9-b"].Reason, StringComparison.Ordinal);
        Assert.Contains("is in the future", kept["M9-c"].Reason, StringComparison.Ordinal);
        Assert.Contains("unknown", kept["M1-x"].Reason, StringComparison.Ordinal);
        Assert.Equal(
            [
                ("2025-09-08", NotificationKind.MonitoringVisitDue, Officer, Caseworker, "2025-10-04"),
                ("2025-10-06", NotificationKind.MonitoringVisitOverdue, $"{Officer},{SenManager}", "", "2025-10-04"),
            ],
            Visits(scenario, "M9"));
        Assert.Equal(SettingType.OutOfArea, Assert.Single(scenario.Register.All()).Entry.SettingType);
    }

    [Fact]
    public async Task A_visit_for_a_plan_whose_placement_is_not_visited_is_rejected_saying_so()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01", WithOfficer());
        await scenario.LoadAsync(Rows.Plan("M10", "8", "2025-03-10"));

        var result = await scenario.ApplyAsync(new MonitoringVisitRecorded("M10-v", "M10", Date("2025-09-10")));

        Assert.Equal(Dispatch.DispatchOutcome.Rejected, result.Outcome);
        Assert.Contains("no monitored placement", Assert.Single(scenario.Rejected.All()).Reason, StringComparison.Ordinal);
    }
}
