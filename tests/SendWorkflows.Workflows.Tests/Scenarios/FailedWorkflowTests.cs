using FakeItEasy;
using SendWorkflows.Contract;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Operations;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>
/// Issue 20: a workflow that fails for any reason (here an impossible date raised past the dispatcher, as an old
/// queued message or a bug could) is listed, shows in the weekly digest, and restarts from its input.
/// </summary>
public sealed class FailedWorkflowTests
{
    static async Task<WorkflowScenario> FailedReviewAsync()
    {
        var scenario = WorkflowScenario.Starting("2026-03-02");
        await scenario.LoadAsync(Rows.Plan("P1", "4", lastReviewOn: "2025-06-10"));
        await scenario.Client.RaiseEventAsync("review:P1", EventNames.CaseEvent,
            CaseEventMessage.Of(new ReviewMeetingScheduled("P1-bad", "P1", Date("2026-03-02"), DateOnly.MaxValue)));
        await scenario.Runtime.RunUntilIdleAsync();
        return scenario;
    }

    [Fact]
    public async Task A_failed_workflow_is_listed_with_its_case_and_error()
    {
        await using var scenario = await FailedReviewAsync();

        var failed = await new FailedWorkflows(scenario.Client).ListAsync();

        var review = Assert.Single(failed, f => f.InstanceId == "review:P1");
        Assert.Equal(("P1", nameof(Review.AnnualReviewOrchestrator)), (review.CaseId, review.Name));
        Assert.Contains("Exception", review.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_weekly_digest_lists_every_failed_workflow()
    {
        await using var scenario = await FailedReviewAsync();
        var activity = new SendWeeklyDigestActivity(
            scenario.Register, scenario.Notifications, new FixedContactsDirectorySource(Contacts()), new FailedWorkflows(scenario.Client));

        await activity.RunAsync(A.Fake<TaskActivityContext>(), new WeeklyDigestRequest(Date("2026-03-09"), Date("2026-03-09")));

        var digest = Assert.Single(scenario.Notifications.All(), n => n.Kind == Domain.NotificationKind.WeeklyDigest);
        Assert.Contains(digest.Facts.Items, item => item.CaseId == "P1" && item.What.StartsWith("a workflow stopped after an error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_administrators_restart_runs_the_workflow_again_from_its_input_without_repeating_a_notification()
    {
        await using var scenario = await FailedReviewAsync();
        var before = scenario.Notifications.All().Select(n => n.Key).ToList();

        var refusal = await new FailedWorkflows(scenario.Client).RestartAsync("review:P1");
        await scenario.Runtime.RunUntilIdleAsync();
        await scenario.RunThroughAsync("2026-04-30");

        Assert.Null(refusal);
        Assert.Equal(OrchestrationRuntimeStatus.Running, await scenario.StatusOf("review:P1"));
        Assert.Empty(await scenario.FailedInstancesAsync());
        Assert.Subset(scenario.Notifications.All().Select(n => n.Key).ToHashSet(), before.ToHashSet());
        Assert.Equal("workflow review:P1 has not failed (Running)", await new FailedWorkflows(scenario.Client).RestartAsync("review:P1"));
    }
}
