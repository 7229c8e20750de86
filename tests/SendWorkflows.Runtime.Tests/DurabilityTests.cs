using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// Crash recovery and exclusive execution, run against every store by the subclasses.
/// </summary>
public abstract class DurabilityTests
{
    protected abstract Task<IOrchestrationStore> CreateStoreAsync();

    /// <summary>How many crash points to try (every store write of the scenario in memory; a sample on Azurite).</summary>
    protected abstract IEnumerable<int> CrashPoints { get; }

    static readonly DateTimeOffset FarFuture = Harness.Start + TimeSpan.FromDays(400);

    /// <summary>A case: wait, request advice, send a reminder via a child workflow, take the reply, record it.</summary>
    static void Register(Harness h) =>
        h.Orchestrator<string, string>("Case", async (ctx, reference) =>
            {
                await ctx.CreateTimer(TimeSpan.FromDays(2), CancellationToken.None);
                var request = await ctx.CallActivityAsync<string>("Request", reference);
                var reminder = await ctx.CallSubOrchestratorAsync<string>("Remind", request, new SubOrchestrationOptions(instanceId: $"{reference}-remind"));
                var reply = await ctx.WaitForExternalEvent<string>("Reply", TimeSpan.FromDays(30));
                var recorded = await ctx.CallActivityAsync<string>("Record", $"{reply}");
                return $"{request}|{reminder}|{recorded}";
            })
            .Orchestrator<string, string>("Remind", async (ctx, request) =>
            {
                await ctx.CreateTimer(TimeSpan.FromDays(1), CancellationToken.None);
                return await ctx.CallActivityAsync<string>("Reminder", request);
            })
            .Activity<string, string>("Request", (c, r) => Task.FromResult($"req:{r}"))
            .Activity<string, string>("Reminder", (c, r) => Task.FromResult($"rem:{r}"))
            .Activity<string, string>("Record", (c, r) => Task.FromResult($"rec:{r}"));

    /// <summary>Runs the scenario; the event is raised on day 5 through <paramref name="raiseThrough"/>.</summary>
    static async Task RunScenarioAsync(EmbeddedDurableRuntime runtime, DurableTaskClient raiseThrough, VirtualClock clock)
    {
        if (clock.GetUtcNow() < Harness.Start + TimeSpan.FromDays(5))
        {
            await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(5));
            if ((await raiseThrough.GetInstanceAsync("c-1"))?.IsCompleted == false)
            {
                await raiseThrough.RaiseEventAsync("c-1", "Reply", "yes");
            }
        }

        await runtime.AdvanceToAsync(FarFuture);
    }

    [Fact]
    public async Task A_crash_at_any_store_write_loses_nothing_and_a_new_runtime_completes_with_every_result_intact()
    {
        string? expected = null;
        var crashesSurvived = 0;
        foreach (var afterWrite in new[] { false, true })
        {
            foreach (var crashAt in CrashPoints)
            {
                var store = await CreateStoreAsync();
                await using var h = new Harness(store);
                Register(h);
                var faulty = new FaultInjectingStore(store, crashAt, afterWrite);
                var doomed = h.NewRuntime(store: faulty);
                var client = h.NewRuntime().Client; // the caller's own client keeps working after the crash

                try
                {
                    await client.ScheduleNewOrchestrationInstanceAsync("Case", "c-1", new StartOrchestrationOptions("c-1"));
                    await RunScenarioAsync(doomed, client, h.Clock);
                }
                catch (SimulatedCrashException)
                {
                }

                var survivor = h.NewRuntime();
                await RunScenarioAsync(survivor, client, h.Clock);

                var done = await client.GetInstanceAsync("c-1", getInputsAndOutputs: true);
                var what = $"crash at write {crashAt} ({(afterWrite ? "after" : "before")} it was stored)";
                Assert.True(done?.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{what}: {done?.RuntimeStatus} {done?.FailureDetails}");
                var output = done!.ReadOutputAs<string>()!;
                expected ??= output;
                Assert.Equal(expected, output);
                Assert.Equal("req:c-1|rem:req:c-1|rec:yes", output);
                Assert.InRange(h.CallsTo("Request"), 1, 2);
                Assert.InRange(h.CallsTo("Record"), 1, 2);
                if (!faulty.Crashed)
                {
                    break; // past the last write of the scenario: every crash point has been tried
                }

                crashesSurvived++;
            }
        }

        Assert.True(crashesSurvived >= 20, $"only {crashesSurvived} crash points were exercised");
    }

    [Fact]
    public async Task Replaying_every_episode_from_storage_gives_the_same_result_as_the_cached_session()
    {
        var outputs = new List<string?>();
        foreach (var cache in new[] { 0, 100 })
        {
            await using var h = new Harness(await CreateStoreAsync());
            Register(h);
            var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { MaxCachedSessions = cache });
            await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Case", "c-1", new StartOrchestrationOptions("c-1"));
            await RunScenarioAsync(runtime, runtime.Client, h.Clock);

            var done = await runtime.Client.GetInstanceAsync("c-1", getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
            Assert.Equal(1, h.CallsTo("Request"));
            Assert.Equal(1, h.CallsTo("Record"));
            outputs.Add(done.SerializedOutput);
        }

        Assert.Equal(outputs[0], outputs[1]);
    }

    [Fact]
    public async Task Two_runtimes_on_one_store_never_both_execute_the_same_step()
    {
        await using var h = new Harness(await CreateStoreAsync());
        h.Orchestrator<int, int>("Chain", async (ctx, n) =>
            {
                var total = 0;
                for (var i = 0; i < 3; i++)
                {
                    total += await ctx.CallActivityAsync<int>("Step", $"{ctx.InstanceId}/{i}");
                }

                return total + await ctx.CallSubOrchestratorAsync<int>("Leaf", n);
            })
            .Orchestrator<int, int>("Leaf", (ctx, n) => ctx.CallActivityAsync<int>("Step", $"{ctx.InstanceId}/leaf"))
            .Activity<string, int>("Step", (_, key) =>
            {
                h.Calls.AddOrUpdate(key, 1, (_, c) => c + 1);
                return Task.FromResult(1);
            });
        var options = new EmbeddedRuntimeOptions { InstanceConcurrency = 4 };
        var a = h.NewRuntime(options with { WorkerId = "A" });
        var b = h.NewRuntime(options with { WorkerId = "B" });
        const int instances = 40;
        for (var i = 0; i < instances; i++)
        {
            await a.Client.ScheduleNewOrchestrationInstanceAsync("Chain", i, new StartOrchestrationOptions($"chain-{i:D3}"));
        }

        for (var round = 0; round < 50; round++)
        {
            await Task.WhenAll(Task.Run(() => a.RunUntilIdleAsync()), Task.Run(() => b.RunUntilIdleAsync()));
            var running = await a.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending])).CountAsync();
            if (running == 0)
            {
                break;
            }
        }

        var all = await a.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "chain-", FetchInputsAndOutputs: true)).ToListAsync();
        Assert.Equal(instances * 2, all.Count);
        Assert.All(all.Where(m => m.Name == "Chain"), m => Assert.Equal(4, m.ReadOutputAs<int>()));
        var stepKeys = h.Calls.Where(kv => kv.Key.Contains('/', StringComparison.Ordinal)).ToList();
        Assert.Equal(instances * 4, stepKeys.Count);
        Assert.All(stepKeys, kv => Assert.True(kv.Value == 1, $"{kv.Key} ran {kv.Value} times"));
    }

    [Fact]
    public async Task A_runtime_that_dies_holding_a_lease_is_taken_over_after_the_lease_expires()
    {
        await using var h = new Harness(await CreateStoreAsync());
        using var crash = new CancellationTokenSource();
        var firstRun = true;
        h.Orchestrator<string, string>("Send", (ctx, _) => ctx.CallActivityAsync<string>("Mail"))
            .Activity<string?, string>("Mail", (_, _) =>
            {
                if (firstRun)
                {
                    firstRun = false;
                    crash.Cancel(); // the host is shutting down mid-activity
                    crash.Token.ThrowIfCancellationRequested();
                }

                return Task.FromResult("sent");
            });
        var dying = h.NewRuntime(new EmbeddedRuntimeOptions { WorkerId = "dying", LeaseDuration = TimeSpan.FromMinutes(5) });
        var id = await dying.Client.ScheduleNewOrchestrationInstanceAsync("Send", "x");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.RunUntilIdleAsync(crash.Token));

        var successor = h.NewRuntime(new EmbeddedRuntimeOptions { WorkerId = "successor" });
        await successor.RunUntilIdleAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await successor.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await successor.AdvanceToAsync(h.Clock.GetUtcNow() + TimeSpan.FromMinutes(6));

        var done = await successor.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal("sent", done!.ReadOutputAs<string>());
        Assert.Equal(2, h.CallsTo("Mail"));
    }
}

public sealed class InMemoryDurabilityTests : DurabilityTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => Task.FromResult<IOrchestrationStore>(new InMemoryOrchestrationStore());

    protected override IEnumerable<int> CrashPoints => Enumerable.Range(1, 200);
}
