using FakeItEasy;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Workflows.Council;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Functions.Tests;

public sealed class EternalWorkflowStarterTests
{
    readonly DurableTaskClient client = A.Fake<DurableTaskClient>();
    // 23:30 UTC on 30 June is already 1 July in the UK (BST).
    readonly EternalWorkflowStarter starter = new(new FakeTimeProvider(new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero)));
    static readonly CouncilWorkflow Digest = new("WeeklyDigestOrchestrator", "weekly-digest", today => $"from {today:yyyy-MM-dd}");

    [Fact]
    public async Task A_missing_eternal_workflow_is_started_under_its_fixed_id_with_its_first_input_for_the_UK_date()
    {
        A.CallTo(() => client.GetInstanceAsync("weekly-digest", false, A<CancellationToken>._)).Returns((OrchestrationMetadata?)null);

        var started = await starter.EnsureRunningAsync([Digest], client, CancellationToken.None);

        Assert.Equal(["weekly-digest"], started);
        A.CallTo(() => client.ScheduleNewOrchestrationInstanceAsync(
                A<TaskName>.That.Matches(n => n.Name == "WeeklyDigestOrchestrator"),
                "from 2026-07-01",
                A<StartOrchestrationOptions?>.That.Matches(o => o!.InstanceId == "weekly-digest"),
                A<CancellationToken>._))
            .MustHaveHappenedOnceExactly();
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
#pragma warning disable CS0618 // obsolete in the SDK, yet a status an instance between two generations may report
    [InlineData(OrchestrationRuntimeStatus.ContinuedAsNew)]
#pragma warning restore CS0618
    public async Task A_live_eternal_workflow_is_left_alone(OrchestrationRuntimeStatus status)
    {
        A.CallTo(() => client.GetInstanceAsync("weekly-digest", false, A<CancellationToken>._))
            .Returns(new OrchestrationMetadata("WeeklyDigestOrchestrator", "weekly-digest") { RuntimeStatus = status });

        Assert.Empty(await starter.EnsureRunningAsync([Digest], client, CancellationToken.None));
        A.CallTo(() => client.ScheduleNewOrchestrationInstanceAsync(A<TaskName>._, A<object?>._, A<StartOrchestrationOptions?>._, A<CancellationToken>._))
            .MustNotHaveHappened();
        A.CallTo(() => client.PurgeInstanceAsync(A<string>._, A<CancellationToken>._)).MustNotHaveHappened();
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    public async Task A_stopped_eternal_workflow_is_purged_and_started_again(OrchestrationRuntimeStatus status)
    {
        A.CallTo(() => client.GetInstanceAsync("weekly-digest", false, A<CancellationToken>._))
            .Returns(new OrchestrationMetadata("WeeklyDigestOrchestrator", "weekly-digest") { RuntimeStatus = status });

        Assert.Equal(["weekly-digest"], await starter.EnsureRunningAsync([Digest], client, CancellationToken.None));
        A.CallTo(() => client.PurgeInstanceAsync("weekly-digest", A<CancellationToken>._)).MustHaveHappenedOnceExactly()
            .Then(A.CallTo(() => client.ScheduleNewOrchestrationInstanceAsync(A<TaskName>._, A<object?>._, A<StartOrchestrationOptions?>._, A<CancellationToken>._))
                .MustHaveHappenedOnceExactly());
    }
}
