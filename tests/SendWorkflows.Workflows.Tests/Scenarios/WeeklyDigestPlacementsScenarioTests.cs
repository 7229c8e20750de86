using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>The weekly digest's sections on assessments at risk, children waiting for provision and overdue visits.</summary>
public sealed class WeeklyDigestPlacementsScenarioTests
{
    [Fact]
    public async Task A_child_waiting_40_days_is_in_that_Mondays_digest_with_40_days_after_longer_waits_and_with_late_assessments_and_overdue_visits()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WeeklyDigestOrchestrator), WeeklyDigestInput.FirstOnOrAfter(scenario.Today),
            Versioning.WorkflowVersions.StartOptions(nameof(WeeklyDigestOrchestrator), WeeklyDigestOrchestrator.InstanceId));
        await scenario.LoadCaseloadAsync(
        [
            Rows.Plan("W1", "5", "2025-03-10"),
            Rows.Plan("W2", "5", "2025-03-10") with { AwaitingProvision = true },
            Rows.Plan("V1", "9", "2025-03-10") with { SettingType = SettingType.OutOfArea, LastMonitoringVisitOn = Date("2024-10-04") },
        ]);
        await scenario.DispatchNowAsync(Rows.Request("A1", "2025-07-01"));
        await scenario.ApplyAsync(new AssessmentDecision("A1-d", "A1", Date("2025-08-05"), AssessmentDecisionKind.Assess));
        await scenario.ApplyAsync(new ProvisionAwaited("W1-w", "W1", Date("2025-09-24")));
        await scenario.RunThroughAsync("2025-11-03");

        var digest = scenario.Notifications.All().Single(n => n.Key == "digest:2025-11-03");
        var lines = digest.Facts.Items.Where(i => i.CaseId is "A1" or "W1" or "W2" or "V1")
            .Select(i => (i.CaseId, i.What, i.DueOn?.ToString("yyyy-MM-dd"), i.Status)).ToList();
        Assert.Equal(
            [
                ("A1", "assessment past week 16 without a final plan", "2025-11-18", "week 18"),
                ("W2", "awaiting provision: 63 days", null, "waiting since 2025-09-01"),
                ("W1", "awaiting provision: 40 days", null, "waiting since 2025-09-24"),
                ("V1", "monitoring visit overdue", "2025-10-04", "overdue"),
            ],
            lines);
        var register = scenario.Register.All().ToDictionary(p => p.PlanId, p => p.Entry);
        Assert.Equal((true, Date("2025-09-24")), (register["W1"].AwaitingProvision, register["W1"].AwaitingProvisionSince));
    }

    [Fact]
    public async Task Provision_secured_takes_the_child_off_the_digest_and_a_second_wait_or_secure_is_refused()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadCaseloadAsync([Rows.Plan("W3", "5", "2025-03-10")]);
        await scenario.ApplyAsync(new ProvisionAwaited("W3-w", "W3", Date("2025-09-10")));
        await scenario.ApplyAsync(new ProvisionAwaited("W3-w2", "W3", Date("2025-09-11")));
        await scenario.ApplyAsync(new ProvisionSecured("W3-s", "W3", Date("2025-10-01")));
        await scenario.ApplyAsync(new ProvisionSecured("W3-s2", "W3", Date("2025-10-02")));

        var entry = Assert.Single(scenario.Register.All()).Entry;
        Assert.Equal((false, (DateOnly?)null), (entry.AwaitingProvision, entry.AwaitingProvisionSince));
        var reasons = scenario.Rejected.All().ToDictionary(r => r.EventId!, r => r.Reason);
        Assert.Equal("the child is already waiting for provision (since 2025-09-10)", reasons["W3-w2"]);
        Assert.Equal("the child is not waiting for provision", reasons["W3-s2"]);
        Assert.Empty(CouncilLists.WaitingForProvision(scenario.Register.All(), Date("2025-10-06")));
    }
}
