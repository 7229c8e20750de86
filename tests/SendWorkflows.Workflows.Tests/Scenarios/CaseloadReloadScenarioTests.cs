using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Loading;
using SendWorkflows.Workflows.Starting;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>Loading a caseload again (contract section 1): running plans take the row's setting and caseworker.</summary>
public sealed class CaseloadReloadScenarioTests
{
    const int PlanCount = 300;
    const int ChangedCount = 100;

    /// <summary>Year 4 plans whose reviews fall due from January to March 2026, so every chase comes after a re-load in October.</summary>
    static List<PlanRecord> Caseload() =>
        [.. Enumerable.Range(0, PlanCount).Select(i => Rows.Plan($"P{i:D3}", "4", lastReviewOn: Date("2025-01-05").AddDays(i % 85).ToString("yyyy-MM-dd")))];

    static string NewSettingOf(string planId) => $"senco.{planId.ToLowerInvariant()}@birch.example";

    static string NewCaseworkerOf(string planId) => $"cw.{planId.ToLowerInvariant()}@council.example";

    /// <summary>Every third changed row moves school, every third changes caseworker, every third both.</summary>
    static List<PlanRecord> WithChanges(List<PlanRecord> rows) =>
    [
        .. rows.Select((row, i) => i >= ChangedCount ? row : (i % 3) switch
        {
            0 => row with { SettingName = "Birch Special", SettingEmail = NewSettingOf(row.PlanId), SettingType = SettingType.Special },
            1 => row with { CaseworkerEmail = NewCaseworkerOf(row.PlanId) },
            _ => row with { SettingName = "Birch Special", SettingEmail = NewSettingOf(row.PlanId), SettingType = SettingType.Special, CaseworkerEmail = NewCaseworkerOf(row.PlanId) },
        }),
    ];

    [Fact]
    public async Task A_new_plan_is_looked_for_once_then_started_and_a_start_that_lost_a_race_still_counts_as_started()
    {
        var store = new CountingStore(new InMemoryOrchestrationStore());
        await using var scenario = WorkflowScenario.Resuming(WorkflowCalendar.ToUtc(Date("2025-09-01"), TimeOnly.MinValue), store);
        var rows = Caseload().Take(3).ToList();

        var loads = await scenario.LoadCaseloadAsync(rows, runUntilIdle: false);

        Assert.All(loads, load => Assert.Equal(PlanLoadOutcome.Started, load.Outcome));
        Assert.All(rows, row => Assert.Equal(1, store.ReadsOf(ReviewedPlan.InstanceIdFor(row.PlanId)))); // was 2: the load's look, then the start's
        var id = ReviewedPlan.InstanceIdFor(rows[0].PlanId);
        Assert.Equal(id, await scenario.Client.StartAbsentAsync(nameof(Review.AnnualReviewOrchestrator), null, id)); // created meanwhile: no error
        await scenario.Runtime.RunUntilIdleAsync();
        Assert.All(rows, row => Assert.Contains(scenario.Register.All(), plan => plan.PlanId == row.PlanId));
    }

    [Fact]
    public async Task A_reload_with_100_changed_rows_updates_exactly_those_plans_and_their_next_notices_go_to_the_new_recipients()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        var first = await scenario.LoadCaseloadAsync(Caseload());
        await scenario.RunThroughAsync("2025-10-05");
        var changedRows = WithChanges(Caseload());

        var reload = await scenario.LoadCaseloadAsync(changedRows);
        var registerAfter = scenario.Register.All().ToDictionary(p => p.PlanId);
        await scenario.RunThroughAsync("2026-02-20");

        Assert.All(first, load => Assert.Equal(PlanLoadOutcome.Started, load.Outcome));
        Assert.Equal(
            Enumerable.Range(0, PlanCount).Select(i => i < ChangedCount ? PlanLoadOutcome.Updated : PlanLoadOutcome.Unchanged),
            reload.Select(load => load.Outcome));
        Assert.All(reload, load => Assert.Empty(load.NotYetApplied));
        Assert.Equal(["setting", "caseworker"], reload[2].Applied);
        foreach (var row in changedRows)
        {
            // The register shows each row's values as soon as the workflows took the events in: new for the 100, old for the rest.
            var registered = registerAfter[row.PlanId];
            Assert.Equal((row.SettingName, row.SettingType, row.SettingEmail, row.CaseworkerEmail),
                (registered.Entry.SettingName, registered.Entry.SettingType, registered.SettingEmail, registered.CaseworkerEmail));

            var upcoming = Assert.Single(scenario.NotificationsFor(row.PlanId), n => n.Kind == NotificationKind.ReviewUpcoming);
            var notScheduled = Assert.Single(scenario.NotificationsFor(row.PlanId), n => n.Kind == NotificationKind.ReviewMeetingNotScheduled);
            Assert.True(upcoming.On > Date("2025-10-06"), $"{row.PlanId}'s review upcoming came before the re-load");
            Assert.Equal([row.SettingEmail], upcoming.To);
            Assert.Equal(row.SettingName, upcoming.Facts.SettingName);
            Assert.Equal([row.SettingEmail, row.CaseworkerEmail], notScheduled.To);
        }

        var unchangedPlans = changedRows.Skip(ChangedCount).Select(r => r.PlanId).ToHashSet();
        Assert.All(scenario.Notifications.All().Where(n => unchangedPlans.Contains(n.CaseId)), n => Assert.DoesNotContain(n.To, to => to.Contains("birch", StringComparison.Ordinal) || to.StartsWith("cw.", StringComparison.Ordinal)));
        Assert.Empty(scenario.Rejected.All());
    }

    [Fact]
    public async Task Loading_the_same_changed_file_again_changes_nothing_more_even_before_the_workflows_took_in_the_first()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadCaseloadAsync(Caseload());
        await scenario.RunThroughAsync("2025-10-05");
        var changedRows = WithChanges(Caseload());

        await scenario.LoadCaseloadAsync(changedRows, runUntilIdle: false);
        var beforeTakenIn = await scenario.LoadCaseloadAsync(changedRows);
        var afterTakenIn = await scenario.LoadCaseloadAsync(changedRows);
        await scenario.RunThroughAsync("2026-02-20");

        // Sent twice before the first was applied: the same event ids, so the workflows apply each change once.
        Assert.Equal(ChangedCount, beforeTakenIn.Count(load => load.Outcome == PlanLoadOutcome.Updated));
        Assert.All(afterTakenIn, load => Assert.Equal(PlanLoadOutcome.Unchanged, load.Outcome));
        Assert.Empty(scenario.Rejected.All());
        foreach (var row in changedRows)
        {
            Assert.Single(scenario.NotificationsFor(row.PlanId), n => n.Kind == NotificationKind.ReviewUpcoming);
        }
    }

    [Fact]
    public async Task New_contributors_are_asked_at_the_next_meeting_a_plan_missing_from_a_later_file_carries_on_and_awaiting_provision_follows_the_file_and_a_visit_to_an_unmonitored_placement_is_reported()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadCaseloadAsync([Rows.Plan("A1", "4", "2025-01-12"), Rows.Plan("A2", "4", "2025-01-12")]);

        var reload = await scenario.LoadCaseloadAsync(
            [Rows.Plan("A1", "4", "2025-01-12", contributors: ["ep", "social", "nobody"]) with { AwaitingProvision = true, LastMonitoringVisitOn = Date("2025-06-01") }]);
        var again = await scenario.LoadCaseloadAsync([Rows.Plan("A1", "4", "2025-01-12", contributors: ["social", "ep"])]);
        await scenario.ApplyAsync(new ReviewMeetingScheduled("A1-s", "A1", Date("2025-11-10"), Date("2025-12-08")));
        await scenario.RunThroughAsync("2025-11-10");

        var load = Assert.Single(reload);
        Assert.Equal(PlanLoadOutcome.Updated, load.Outcome);
        Assert.Equal(["contributors", "awaiting provision"], load.Applied);
        // A visit to a mainstream placement (not monitored) has nowhere to go: reported, not applied.
        Assert.Equal(["last monitoring visit"], load.NotYetApplied);
        Assert.Equal(PlanLoadOutcome.Updated, Assert.Single(again).Outcome);
        Assert.Equal(["awaiting provision"], again[0].Applied);
        Assert.Equal(
            ["ep@council.example", "social@council.example"],
            scenario.NotificationsFor("A1").Where(n => n.Kind == NotificationKind.ReviewAdviceRequest).Select(n => n.To.Single()).Order(StringComparer.Ordinal));
        Assert.Contains(scenario.Rejected.All(), r => r.Reason.Contains("contributor 'nobody' of plan A1", StringComparison.Ordinal));
        Assert.Equal(["ep", "social"], scenario.Register.All().Single(p => p.PlanId == "A1").Contributors);
        Assert.Single(scenario.NotificationsFor("A2"), n => n.Kind == NotificationKind.ReviewUpcoming);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Running, await scenario.StatusOf("review:A2"));
    }

    [Fact]
    public async Task A_ceased_plan_in_a_later_file_is_refused_saying_why()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadCaseloadAsync([Rows.Plan("Z1", "4", "2025-01-12")]);
        await scenario.ApplyAsync(new PlanCeased("Z1-end", "Z1", Date("2025-09-10")));

        var load = Assert.Single(await scenario.LoadCaseloadAsync([Rows.Plan("Z1", "4", "2025-01-12")]));

        Assert.Equal(PlanLoadOutcome.Rejected, load.Outcome);
        Assert.Contains("has ended (Completed)", load.Reason, StringComparison.Ordinal);
    }
}
