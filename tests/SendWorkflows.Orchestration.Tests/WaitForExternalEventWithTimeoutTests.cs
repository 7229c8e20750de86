using FakeItEasy;
using SendWorkflows.Orchestration;

namespace SendWorkflows.Orchestration.Tests;

/// <summary>The port's own WaitForExternalEvent(name, timeout) helper, over a faked context.</summary>
public class WaitForExternalEventWithTimeoutTests
{
    readonly TaskOrchestrationContext context = A.Fake<TaskOrchestrationContext>(o => o.CallsBaseMethods());
    readonly TaskCompletionSource timer = new();
    readonly TaskCompletionSource<string> reply = new();
    CancellationToken timerToken;
    CancellationToken eventToken;

    public WaitForExternalEventWithTimeoutTests()
    {
        A.CallTo(() => context.CurrentUtcDateTime).Returns(new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc));
        A.CallTo(() => context.CreateTimer(A<DateTime>._, A<CancellationToken>._))
            .ReturnsLazily((DateTime _, CancellationToken token) =>
            {
                timerToken = token;
                return timer.Task;
            });
        A.CallTo(() => context.WaitForExternalEvent<string>("Advice", A<CancellationToken>._))
            .ReturnsLazily((string _, CancellationToken token) =>
            {
                eventToken = token;
                token.Register(() => reply.TrySetCanceled(token));
                return reply.Task;
            });
    }

    [Fact]
    public async Task The_event_wins_and_the_timer_is_cancelled()
    {
        var waiting = context.WaitForExternalEvent<string>("Advice", TimeSpan.FromDays(42));
        reply.SetResult("received");

        Assert.Equal("received", await waiting);
        Assert.True(timerToken.IsCancellationRequested);
        Assert.False(eventToken.IsCancellationRequested);
    }

    [Fact]
    public async Task The_timer_wins_and_the_wait_is_cancelled()
    {
        var waiting = context.WaitForExternalEvent<string>("Advice", TimeSpan.FromDays(42));
        timer.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.True(eventToken.IsCancellationRequested);
        A.CallTo(() => context.CreateTimer(new DateTime(2026, 2, 16, 9, 0, 0, DateTimeKind.Utc), A<CancellationToken>._)).MustHaveHappenedOnceExactly();
    }
}
