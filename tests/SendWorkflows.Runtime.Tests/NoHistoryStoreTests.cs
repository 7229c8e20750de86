using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// A store that keeps no history (<see cref="HistoryRetention.None"/>, ADR 0132), as a simulation shard runs it: the
/// workflows run on their cached sessions, and an instance whose session is lost fails instead of running on.
/// </summary>
public sealed class NoHistoryStoreTests
{
    static async Task<(Harness Harness, EmbeddedDurableRuntime Runtime, string Id)> StartAsync(int maxCachedSessions)
    {
        var h = new Harness(new InMemoryOrchestrationStore(HistoryRetention.None)) { ExclusiveStore = true, ActivityResultsInSameStep = true };
        h.Orchestrator<string, string>("Greet", async (ctx, name) =>
            {
                await ctx.CreateTimer(TimeSpan.FromDays(3), CancellationToken.None);
                var hello = await ctx.CallActivityAsync<string>("Hello", name);
                var by = await ctx.WaitForExternalEvent<string>("Approved");
                return $"{hello}, approved by {by}";
            })
            .Activity<string, string>("Hello", (_, name) => Task.FromResult($"hello {name}"));
        var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { MaxCachedSessions = maxCachedSessions });
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Greet", "AB");
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(4));
        return (h, runtime, id);
    }

    static async Task ApproveAsync(EmbeddedDurableRuntime runtime, string id)
    {
        await runtime.Client.RaiseEventAsync(id, "Approved", "CD");
        await runtime.RunUntilIdleAsync();
    }

    [Fact]
    public async Task A_workflow_runs_to_the_end_on_its_cached_session_while_the_store_keeps_no_history()
    {
        var (h, runtime, id) = await StartAsync(maxCachedSessions: int.MaxValue);
        await using var _ = h;
        // Waiting for the event, past a timer and an activity: events were recorded, none is kept.
        var waiting = await h.Store.LoadWorkAsync(id, includeHistory: true, CancellationToken.None);
        Assert.True(waiting!.Instance.Record.HistoryCount > 0);
        Assert.Empty(waiting.History!);

        await ApproveAsync(runtime, id);

        var done = await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        Assert.Equal("hello AB, approved by CD", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task An_instance_whose_session_is_not_kept_fails_because_it_cannot_be_replayed()
    {
        var (h, runtime, id) = await StartAsync(maxCachedSessions: 0);
        await using var _ = h;
        await ApproveAsync(runtime, id);

        var failed = await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed!.RuntimeStatus);
        Assert.Contains("events but 0 were read", failed.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
