using FakeItEasy;
using SendWorkflows.Functions.Adapters;
using Durable = Microsoft.DurableTask;
using Port = SendWorkflows.Orchestration;

namespace SendWorkflows.Functions.Tests;

/// <summary>Each member of the port forwards to the real Durable Task context's member of the same name.</summary>
public sealed class PortOrchestrationContextTests
{
    readonly Durable.TaskOrchestrationContext real = A.Fake<Durable.TaskOrchestrationContext>();
    readonly PortOrchestrationContext context;

    public PortOrchestrationContextTests() => context = new PortOrchestrationContext(real);

    static Port.RetryPolicy Retry => new(3, TimeSpan.FromMinutes(1), 2.0, TimeSpan.FromHours(1), TimeSpan.FromDays(1));

    [Fact]
    public void Identity_and_clock_come_from_the_real_context()
    {
        var now = new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
        A.CallTo(() => real.Name).Returns(new Durable.TaskName("AssessmentOrchestrator"));
        A.CallTo(() => real.InstanceId).Returns("assessment-C1");
        A.CallTo(() => real.CurrentUtcDateTime).Returns(now);
        A.CallTo(() => real.IsReplaying).Returns(true);

        Assert.Equal("AssessmentOrchestrator", context.Name.Name);
        Assert.Equal("assessment-C1", context.InstanceId);
        Assert.Equal(now, context.CurrentUtcDateTime);
        Assert.True(context.IsReplaying);
    }

    [Fact]
    public void GetInput_forwards()
    {
        A.CallTo(() => real.GetInput<string>()).Returns("input");

        Assert.Equal("input", context.GetInput<string>());
    }

    [Fact]
    public async Task Typed_CallActivityAsync_forwards_name_input_and_translated_retry()
    {
        var input = new { CaseId = "C1" };
        A.CallTo(() => real.CallActivityAsync<int>(A<Durable.TaskName>._, A<object?>._, A<Durable.TaskOptions?>._)).Returns(7);

        var result = await context.CallActivityAsync<int>("SendNotification", input, Port.TaskOptions.FromRetryPolicy(Retry));

        Assert.Equal(7, result);
        A.CallTo(() => real.CallActivityAsync<int>(
                A<Durable.TaskName>.That.Matches(n => n.Name == "SendNotification"),
                input,
                A<Durable.TaskOptions?>.That.Matches(o => IsTranslatedRetry(o))))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Untyped_CallActivityAsync_forwards_to_the_untyped_member()
    {
        A.CallTo(() => real.CallActivityAsync(A<Durable.TaskName>._, A<object?>._, A<Durable.TaskOptions?>._)).Returns(Task.CompletedTask);

        await context.CallActivityAsync("RecordOutcome", 42);

        A.CallTo(() => real.CallActivityAsync(A<Durable.TaskName>.That.Matches(n => n.Name == "RecordOutcome"), 42, null))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task A_failed_activity_surfaces_as_the_ports_TaskFailedException()
    {
        var details = new Durable.TaskFailureDetails("System.TimeoutException", "SendGrid timed out", "at Send()", null, null);
        A.CallTo(() => real.CallActivityAsync<int>(A<Durable.TaskName>._, A<object?>._, A<Durable.TaskOptions?>._))
            .ThrowsAsync(new Durable.TaskFailedException("SendNotification", 3, details));

        var failure = await Assert.ThrowsAsync<Port.TaskFailedException>(() => context.CallActivityAsync<int>("SendNotification"));

        Assert.Equal("SendNotification", failure.TaskName);
        Assert.Equal(3, failure.TaskId);
        Assert.Equal(new Port.TaskFailureDetails("System.TimeoutException", "SendGrid timed out", "at Send()"), failure.FailureDetails);
        Assert.True(failure.FailureDetails.IsCausedBy<TimeoutException>());
    }

    [Fact]
    public async Task CreateTimer_at_a_time_forwards()
    {
        var fireAt = new DateTime(2027, 1, 4, 0, 0, 0, DateTimeKind.Utc);
        using var cts = new CancellationTokenSource();
        A.CallTo(() => real.CreateTimer(fireAt, cts.Token)).Returns(Task.CompletedTask);

        await context.CreateTimer(fireAt, cts.Token);

        A.CallTo(() => real.CreateTimer(fireAt, cts.Token)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task CreateTimer_after_a_delay_forwards_to_the_real_delay_overload()
    {
        A.CallTo(() => real.CreateTimer(A<TimeSpan>._, A<CancellationToken>._)).Returns(Task.CompletedTask);

        await context.CreateTimer(TimeSpan.FromDays(14), CancellationToken.None);

        A.CallTo(() => real.CreateTimer(TimeSpan.FromDays(14), CancellationToken.None)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task WaitForExternalEvent_forwards_the_name_and_returns_the_real_event()
    {
        A.CallTo(() => real.WaitForExternalEvent<string>("AdviceReceived", A<CancellationToken>._)).Returns("ep");

        Assert.Equal("ep", await context.WaitForExternalEvent<string>("AdviceReceived"));
    }

    [Fact]
    public async Task An_event_that_arrives_after_a_cancelled_wait_is_kept_for_the_next_wait()
    {
        var arrival = new TaskCompletionSource<string>();
        A.CallTo(() => real.WaitForExternalEvent<string>("CaseEvent", A<CancellationToken>._)).Returns(arrival.Task);
        using var cts = new CancellationTokenSource();

        var first = context.WaitForExternalEvent<string>("CaseEvent", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAsync<TaskCanceledException>(() => first);
        arrival.SetResult("ev-2");

        Assert.Equal("ev-2", await context.WaitForExternalEvent<string>("CaseEvent"));
        // One real waiter, never cancelled: the SDK would hand the event to a cancelled waiter and lose it.
        A.CallTo(() => real.WaitForExternalEvent<string>("CaseEvent", CancellationToken.None)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Once_an_event_is_taken_the_next_wait_opens_a_new_real_waiter()
    {
        A.CallTo(() => real.WaitForExternalEvent<string>("CaseEvent", A<CancellationToken>._)).ReturnsNextFromSequence(
            Task.FromResult("ev-1"), Task.FromResult("ev-2"));

        Assert.Equal("ev-1", await context.WaitForExternalEvent<string>("CaseEvent"));
        Assert.Equal("ev-2", await context.WaitForExternalEvent<string>("CaseEvent"));
    }

    [Fact]
    public async Task WaitForExternalEvent_with_a_timeout_uses_a_real_timer_and_the_real_event()
    {
        var now = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        A.CallTo(() => real.CurrentUtcDateTime).Returns(now);
        A.CallTo(() => real.CreateTimer(A<TimeSpan>._, A<CancellationToken>._)).Returns(new TaskCompletionSource().Task);
        A.CallTo(() => real.WaitForExternalEvent<int>("ReviewDecision", A<CancellationToken>._)).Returns(5);

        Assert.Equal(5, await context.WaitForExternalEvent<int>("ReviewDecision", TimeSpan.FromDays(28)));
        A.CallTo(() => real.CreateTimer(TimeSpan.FromDays(28), A<CancellationToken>._)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public void SendEvent_SetCustomStatus_and_ContinueAsNew_forward()
    {
        var payload = new { Kind = "AdviceReceived" };
        var status = new { Stage = "Advice" };
        var next = new { Cycle = 2 };

        context.SendEvent("review-P1", "AdviceReceived", payload);
        context.SetCustomStatus(status);
        context.ContinueAsNew(next, preserveUnprocessedEvents: false);

        A.CallTo(() => real.SendEvent("review-P1", "AdviceReceived", payload)).MustHaveHappenedOnceExactly();
        A.CallTo(() => real.SetCustomStatus(status)).MustHaveHappenedOnceExactly();
        A.CallTo(() => real.ContinueAsNew(next, false)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Typed_CallSubOrchestratorAsync_keeps_the_childs_instance_id_and_retry()
    {
        var options = new Port.SubOrchestrationOptions(Retry, "advice-C1-ep");
        A.CallTo(() => real.CallSubOrchestratorAsync<bool>(A<Durable.TaskName>._, A<object?>._, A<Durable.TaskOptions?>._)).Returns(true);

        Assert.True(await context.CallSubOrchestratorAsync<bool>("AdviceRequestOrchestrator", "in", options));

        A.CallTo(() => real.CallSubOrchestratorAsync<bool>(
                A<Durable.TaskName>.That.Matches(n => n.Name == "AdviceRequestOrchestrator"),
                "in",
                A<Durable.TaskOptions?>.That.Matches(o =>
                    o is Durable.SubOrchestrationOptions && ((Durable.SubOrchestrationOptions)o).InstanceId == "advice-C1-ep" && IsTranslatedRetry(o))))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Untyped_CallSubOrchestratorAsync_forwards_to_the_untyped_member()
    {
        A.CallTo(() => real.CallSubOrchestratorAsync(A<Durable.TaskName>._, A<object?>._, A<Durable.TaskOptions?>._)).Returns(Task.CompletedTask);

        await context.CallSubOrchestratorAsync("AdviceRequestOrchestrator", "in", new Port.TaskOptions().WithInstanceId("advice-C1-hs"));

        A.CallTo(() => real.CallSubOrchestratorAsync(
                A<Durable.TaskName>.That.Matches(n => n.Name == "AdviceRequestOrchestrator"),
                "in",
                A<Durable.TaskOptions?>.That.Matches(o => ((Durable.SubOrchestrationOptions)o!).InstanceId == "advice-C1-hs")))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public void NewGuid_is_the_real_contexts_replay_safe_guid()
    {
        var guid = Guid.Parse("6f1c2a4e-0000-4000-8000-000000000001");
        A.CallTo(() => real.NewGuid()).Returns(guid);

        Assert.Equal(guid, context.NewGuid());
    }

    [Fact]
    public void Replay_safe_logger_is_silent_while_the_real_context_replays()
    {
        var logger = A.Fake<Microsoft.Extensions.Logging.ILogger>();
        A.CallTo(() => logger.IsEnabled(A<Microsoft.Extensions.Logging.LogLevel>._)).Returns(true);
        A.CallTo(() => real.IsReplaying).Returns(true);

        Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(context.CreateReplaySafeLogger(logger), "sent");

        A.CallTo(logger).Where(call => call.Method.Name == "Log").MustNotHaveHappened();
    }

    static bool IsTranslatedRetry(Durable.TaskOptions? options) =>
        options?.Retry?.Policy is { MaxNumberOfAttempts: 3, BackoffCoefficient: 2.0 } policy
        && policy.FirstRetryInterval == TimeSpan.FromMinutes(1)
        && policy.MaxRetryInterval == TimeSpan.FromHours(1)
        && policy.RetryTimeout == TimeSpan.FromDays(1);
}
