using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime.Execution;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// What an await costs the garbage collector (ADR 0137). A workflow waits months for most of its timers, so what a
/// pending timer holds lives that long and is promoted at every collection in between.
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
}
