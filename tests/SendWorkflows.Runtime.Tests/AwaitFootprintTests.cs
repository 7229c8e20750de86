using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime.Execution;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// What an await costs the garbage collector (ADR 0137). A workflow waits months for most of its timers, so what a
/// pending timer holds lives that long and is promoted at every collection in between; the same goes for the ids of
/// the messages that wait in its inbox.
/// </summary>
public sealed class AwaitFootprintTests
{
    const int Timers = 200;

    [Fact]
    public async Task A_cancellable_timer_is_its_own_completion_source_and_cancellation_state()
    {
        await using var h = new Harness(new InMemoryOrchestrationStore(HistoryRetention.None)) { ExclusiveStore = true };
        h.Orchestrator<string, long>("Timers", (ctx, input) =>
        {
            // Measured inside the orchestrator's own step: only what CreateTimer allocates on this thread counts.
            using var cancel = new CancellationTokenSource();
            var firstTimer = ctx.CreateTimer(TimeSpan.FromDays(1), cancel.Token); // the token's registrations, made once
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Timers; i++)
            {
                _ = ctx.CreateTimer(TimeSpan.FromDays(2 + i), cancel.Token);
            }

            var perTimer = (GC.GetAllocatedBytesForCurrentThread() - before) / Timers;
            return Task.FromResult(perTimer);
        });
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Timers", "x");
        await runtime.RunUntilIdleAsync();

        var done = await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);

        // About 450 bytes: the task, its source, the decision, the token's callback node and the session's growing
        // lists. With a completion source apart from the pending task, a closure and delegate to describe the timer and
        // a boxed (session, task) pair as the callback's state it was about 590.
        Assert.InRange(done.ReadOutputAs<long>(), 1, 500);
    }

    [Fact]
    public void The_ids_of_a_tasks_messages_are_shared_between_instances()
    {
        var first = EpisodeCommitBuilder.Id("timer", 0, 3);
        var second = EpisodeCommitBuilder.Id("timer", 0, 3);

        Assert.Equal("timer|0|3", first);
        Assert.Same(first, second);
        Assert.Same(EpisodeCommitBuilder.Id("result", 1, 255), EpisodeCommitBuilder.Id("result", 1, 255));

        // Past the shared range (and for other kinds) the id is made as before.
        Assert.Equal("timer|8|3", EpisodeCommitBuilder.Id("timer", 8, 3));
        Assert.Equal("child|0|3", EpisodeCommitBuilder.Id("child", 0, 3));
    }
}
