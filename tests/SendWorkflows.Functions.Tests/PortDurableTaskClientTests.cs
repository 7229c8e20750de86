using FakeItEasy;
using SendWorkflows.Functions.Adapters;
using Durable = Microsoft.DurableTask;
using DurableClient = Microsoft.DurableTask.Client;
using Port = SendWorkflows.Orchestration;

namespace SendWorkflows.Functions.Tests;

public sealed class PortDurableTaskClientTests
{
    readonly DurableClient.DurableTaskClient real = A.Fake<DurableClient.DurableTaskClient>(o => o.WithArgumentsForConstructor(["test"]));
    readonly PortDurableTaskClient client;

    public PortDurableTaskClientTests() => client = new PortDurableTaskClient(real);

    [Fact]
    public async Task Starting_an_instance_id_that_exists_is_a_no_op()
    {
        A.CallTo(() => real.GetInstanceAsync("assessment-C1", false, A<CancellationToken>._))
            .Returns(new DurableClient.OrchestrationMetadata("AssessmentOrchestrator", "assessment-C1"));

        var id = await client.ScheduleNewOrchestrationInstanceAsync("AssessmentOrchestrator", "in", new Port.StartOrchestrationOptions("assessment-C1"));

        Assert.Equal("assessment-C1", id);
        A.CallTo(() => real.ScheduleNewOrchestrationInstanceAsync(A<Durable.TaskName>._, A<object?>._, A<Durable.StartOrchestrationOptions?>._, A<CancellationToken>._))
            .MustNotHaveHappened();
    }

    [Fact]
    public async Task Starting_a_new_instance_id_forwards_name_input_and_options()
    {
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        A.CallTo(() => real.GetInstanceAsync("assessment-C2", false, A<CancellationToken>._)).Returns((DurableClient.OrchestrationMetadata?)null);
        A.CallTo(() => real.ScheduleNewOrchestrationInstanceAsync(A<Durable.TaskName>._, A<object?>._, A<Durable.StartOrchestrationOptions?>._, A<CancellationToken>._))
            .Returns("assessment-C2");

        var id = await client.ScheduleNewOrchestrationInstanceAsync("AssessmentOrchestrator", "in", new Port.StartOrchestrationOptions("assessment-C2", start));

        Assert.Equal("assessment-C2", id);
        A.CallTo(() => real.ScheduleNewOrchestrationInstanceAsync(
                A<Durable.TaskName>.That.Matches(n => n.Name == "AssessmentOrchestrator"),
                "in",
                A<Durable.StartOrchestrationOptions?>.That.Matches(o => o!.InstanceId == "assessment-C2" && o.StartAt == start),
                A<CancellationToken>._))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task A_start_that_loses_a_race_with_a_redelivery_returns_the_existing_id()
    {
        A.CallTo(() => real.GetInstanceAsync("assessment-C3", false, A<CancellationToken>._))
            .ReturnsNextFromSequence(null, new DurableClient.OrchestrationMetadata("AssessmentOrchestrator", "assessment-C3"));
        A.CallTo(() => real.ScheduleNewOrchestrationInstanceAsync(A<Durable.TaskName>._, A<object?>._, A<Durable.StartOrchestrationOptions?>._, A<CancellationToken>._))
            .ThrowsAsync(new InvalidOperationException("An instance with ID 'assessment-C3' already exists."));

        Assert.Equal("assessment-C3",
            await client.ScheduleNewOrchestrationInstanceAsync("AssessmentOrchestrator", null, new Port.StartOrchestrationOptions("assessment-C3")));
    }

    [Fact]
    public async Task A_start_that_fails_for_another_reason_still_fails()
    {
        A.CallTo(() => real.GetInstanceAsync("assessment-C4", false, A<CancellationToken>._)).Returns((DurableClient.OrchestrationMetadata?)null);
        A.CallTo(() => real.ScheduleNewOrchestrationInstanceAsync(A<Durable.TaskName>._, A<object?>._, A<Durable.StartOrchestrationOptions?>._, A<CancellationToken>._))
            .ThrowsAsync(new TimeoutException("storage unavailable"));

        await Assert.ThrowsAsync<TimeoutException>(() =>
            client.ScheduleNewOrchestrationInstanceAsync("AssessmentOrchestrator", null, new Port.StartOrchestrationOptions("assessment-C4")));
    }

    [Fact]
    public async Task RaiseEventAsync_forwards()
    {
        var payload = new { Contact = "ep" };

        await client.RaiseEventAsync("assessment-C1", "AdviceReceived", payload);

        A.CallTo(() => real.RaiseEventAsync("assessment-C1", "AdviceReceived", payload, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task GetInstanceAsync_translates_the_metadata()
    {
        var created = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        A.CallTo(() => real.GetInstanceAsync("review-P1", true, A<CancellationToken>._)).Returns(
            new DurableClient.OrchestrationMetadata("AnnualReviewOrchestrator", "review-P1")
            {
                RuntimeStatus = DurableClient.OrchestrationRuntimeStatus.Failed,
                CreatedAt = created,
                SerializedCustomStatus = "\"Advice\"",
                FailureDetails = new Durable.TaskFailureDetails("System.Exception", "boom", null, null, null),
            });

        var instance = await client.GetInstanceAsync("review-P1", getInputsAndOutputs: true);

        Assert.NotNull(instance);
        Assert.Equal(Port.OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);
        Assert.Equal(created, instance.CreatedAt);
        Assert.Equal("Advice", instance.ReadCustomStatusAs<string>());
        Assert.Equal("boom", instance.FailureDetails!.ErrorMessage);
    }

    [Theory]
    [InlineData(Port.OrchestrationRuntimeStatus.Running)]
    [InlineData(Port.OrchestrationRuntimeStatus.Completed)]
    [InlineData(Port.OrchestrationRuntimeStatus.ContinuedAsNew)]
    [InlineData(Port.OrchestrationRuntimeStatus.Failed)]
    [InlineData(Port.OrchestrationRuntimeStatus.Canceled)]
    [InlineData(Port.OrchestrationRuntimeStatus.Terminated)]
    [InlineData(Port.OrchestrationRuntimeStatus.Pending)]
    [InlineData(Port.OrchestrationRuntimeStatus.Suspended)]
    public void Every_runtime_status_round_trips(Port.OrchestrationRuntimeStatus status) =>
        Assert.Equal(status, status.ToDurable().ToPort());

    [Fact]
    public async Task Terminate_and_purge_forward()
    {
        A.CallTo(() => real.PurgeInstanceAsync("review-P1", A<CancellationToken>._)).Returns(new DurableClient.PurgeResult(1));

        await client.TerminateInstanceAsync("review-P1", "ceased");
        var purged = await client.PurgeInstanceAsync("review-P1");

        A.CallTo(() => real.TerminateInstanceAsync("review-P1", "ceased", A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        Assert.Equal(1, purged.PurgedInstanceCount);
    }
}
