using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;

namespace SendWorkflows.Runtime.Tests;

public sealed record Greeting(string Name, DateOnly Day);

/// <summary>
/// The runtime's semantics, written once and run against every store (in memory and Azurite) by the subclasses.
/// Everything runs on a virtual clock: no test waits for real time.
/// </summary>
public abstract class RuntimeBehaviourTests
{
    protected abstract Task<IOrchestrationStore> CreateStoreAsync();

    /// <summary>Damages the stored history of an instance the way a bad row would (unreadable or inconsistent).</summary>
    protected abstract Task CorruptHistoryAsync(IOrchestrationStore store, string instanceId);

    /// <summary>False for a store that drops a finished instance's history (<see cref="HistoryRetention.ReplayOnly"/>).</summary>
    protected virtual bool KeepsFinishedHistory => true;

    static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>True to run every runtime without leases (<see cref="EmbeddedRuntimeOptions.ExclusiveStore"/>).</summary>
    protected virtual bool ExclusiveStore => false;

    /// <summary>True to hand activities their inputs by reference (<see cref="EmbeddedRuntimeOptions.ActivityInputsByReference"/>).</summary>
    protected virtual bool ActivityInputsByReference => false;

    /// <summary>True to hand orchestrations their inputs and events by reference (<see cref="EmbeddedRuntimeOptions.OrchestrationInputsByReference"/>).</summary>
    protected virtual bool OrchestrationInputsByReference => false;

    /// <summary>False to write activity results before the episode they wake (<see cref="EmbeddedRuntimeOptions.ActivityResultsInSameStep"/>).</summary>
    protected virtual bool ActivityResultsInSameStep => true;

    /// <summary>True to start new instances with their first episode (<see cref="EmbeddedRuntimeOptions.FirstEpisodeAtStart"/>, ADR 0133).</summary>
    protected virtual bool FirstEpisodeAtStart => false;

    async Task<Harness> NewHarnessAsync() => new(await CreateStoreAsync())
    {
        FirstEpisodeAtStart = FirstEpisodeAtStart,
        ExclusiveStore = ExclusiveStore,
        ActivityInputsByReference = ActivityInputsByReference,
        OrchestrationInputsByReference = OrchestrationInputsByReference,
        ActivityResultsInSameStep = ActivityResultsInSameStep,
    };

    static async Task<OrchestrationMetadata> GetAsync(EmbeddedDurableRuntime runtime, string id) =>
        await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true) ?? throw new InvalidOperationException($"{id} is missing");

    [Fact]
    public async Task Timer_activity_and_event_workflow_completes_at_virtual_time_with_its_input_round_tripped()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<Greeting, string>("Greet", async (ctx, input) =>
            {
                await ctx.CreateTimer(TimeSpan.FromDays(3), CancellationToken.None);
                var hello = await ctx.CallActivityAsync<string>("Hello", input);
                var approval = await ctx.WaitForExternalEvent<Greeting>("Approved");
                return $"{hello}; approved by {approval.Name} on {approval.Day:yyyy-MM-dd} at {ctx.CurrentUtcDateTime:yyyy-MM-dd}";
            })
            .Activity<Greeting, string>("Hello", (_, g) => Task.FromResult($"hello {g.Name} {g.Day:yyyy-MM-dd}"));
        var runtime = h.NewRuntime();

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Greet", new Greeting("AB", new DateOnly(2026, 2, 1)));
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(2));
        Assert.Equal(0, h.CallsTo("Hello"));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await GetAsync(runtime, id)).RuntimeStatus);

        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(10));
        Assert.Equal(1, h.CallsTo("Hello"));
        await runtime.Client.RaiseEventAsync(id, "Approved", new Greeting("CD", new DateOnly(2026, 3, 4)));
        await runtime.RunUntilIdleAsync();

        var done = await GetAsync(runtime, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("hello AB 2026-02-01; approved by CD on 2026-03-04 at 2026-01-15", done.ReadOutputAs<string>());
        Assert.Equal(new DateOnly(2026, 2, 1), done.ReadInputAs<Greeting>()!.Day);
    }

    [Fact]
    public async Task Advance_to_jumps_the_clock_to_each_due_timer_and_ends_at_the_target()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<int, List<DateTime>>("Ticks", async (ctx, count) =>
        {
            var seen = new List<DateTime>();
            for (var i = 0; i < count; i++)
            {
                await ctx.CreateTimer(ctx.CurrentUtcDateTime.AddHours(7), CancellationToken.None);
                seen.Add(ctx.CurrentUtcDateTime);
            }

            return seen;
        });
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Ticks", 3);

        var target = Harness.Start + TimeSpan.FromDays(5);
        await runtime.AdvanceToAsync(target);

        Assert.Equal(target, h.Clock.GetUtcNow());
        var seen = (await GetAsync(runtime, id)).ReadOutputAs<List<DateTime>>()!;
        Assert.Equal([7, 14, 21], seen.Select(t => (t - Harness.Start.UtcDateTime).TotalHours));
    }

    [Fact]
    public async Task Activity_failure_surfaces_as_TaskFailedException_in_the_orchestrator()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Catch", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallActivityAsync("Boom", "x");
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.TaskName}:{ex.FailureDetails.ErrorType}:{ex.FailureDetails.ErrorMessage}";
                }
            })
            .Activity<string, string>("Boom", (_, _) => throw new InvalidOperationException("mailbox full"));
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Catch", "x");
        await runtime.RunUntilIdleAsync();

        Assert.Equal("Boom:System.InvalidOperationException:mailbox full", (await GetAsync(runtime, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Retry_policy_retries_with_backoff_on_durable_timers_in_virtual_time()
    {
        await using var h = await NewHarnessAsync();
        var attempts = new List<DateTimeOffset>();
        h.Orchestrator<string, string>("Retrying", (ctx, _) => ctx.CallActivityAsync<string>("Flaky", null,
                TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromMinutes(10), backoffCoefficient: 2))))
            .Activity<string?, string>("Flaky", (_, _) =>
            {
                attempts.Add(h.Clock.GetUtcNow());
                return attempts.Count < 3 ? throw new TimeoutException("smtp down") : Task.FromResult("sent");
            });
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", "x");
        await runtime.AdvanceToAsync(Harness.Start + Day);

        Assert.Equal("sent", (await GetAsync(runtime, id)).ReadOutputAs<string>());
        Assert.Equal([0, 10, 30], attempts.Select(t => (t - Harness.Start).TotalMinutes));
    }

    [Fact]
    public async Task Retry_policy_gives_up_after_the_last_attempt_and_fails_the_instance_with_details()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Retrying", (ctx, _) => ctx.CallActivityAsync<string>("Broken", null,
                TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMinutes(1)))))
            .Activity<string?, string>("Broken", (_, _) => throw new TimeoutException("smtp down"));
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Retrying", "x");
        await runtime.AdvanceToAsync(Harness.Start + Day);

        var failed = await GetAsync(runtime, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.True(failed.FailureDetails!.IsCausedBy<TaskFailedException>());
        Assert.Contains("smtp down", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, h.CallsTo("Broken"));
    }

    [Fact]
    public async Task Events_are_buffered_until_awaited_and_matched_by_name_ignoring_case()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Collect", async (ctx, _) =>
        {
            await ctx.CreateTimer(TimeSpan.FromDays(1), CancellationToken.None);
            var first = await ctx.WaitForExternalEvent<int>("advice");
            var second = await ctx.WaitForExternalEvent<int>("ADVICE");
            return $"{first},{second}";
        });
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Collect", "x");
        await runtime.RunUntilIdleAsync();
        await runtime.Client.RaiseEventAsync(id, "Advice", 1);
        await runtime.Client.RaiseEventAsync(id, "aDvIcE", 2);
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(2));

        Assert.Equal("1,2", (await GetAsync(runtime, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task WhenAny_timer_or_event_the_cancelled_timer_never_fires_later()
    {
        await using var h = await NewHarnessAsync();
        var wakes = 0;
        h.Orchestrator<string, string>("Race", async (ctx, _) =>
        {
            using var cts = new CancellationTokenSource();
            var timer = ctx.CreateTimer(TimeSpan.FromDays(42), cts.Token);
            var reply = ctx.WaitForExternalEvent<string>("Reply");
            var winner = await Task.WhenAny(timer, reply);
            if (winner == reply)
            {
                cts.Cancel(); // not CancelAsync: that runs the cancellation on the thread pool, outside the episode
            }

            var result = winner == reply ? await reply : "timed out";
            await ctx.WaitForExternalEvent<string>("Close");
            if (!ctx.IsReplaying)
            {
                wakes++;
            }

            return result;
        });
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Race", "x");
        await runtime.AdvanceToAsync(Harness.Start + Day);
        await runtime.Client.RaiseEventAsync(id, "Reply", "on time");
        await runtime.RunUntilIdleAsync();
        var afterReply = await h.Store.GetInstanceAsync(id, default);

        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(60));

        var later = await h.Store.GetInstanceAsync(id, default);
        Assert.Equal(afterReply!.Record.HistoryCount, later!.Record.HistoryCount);
        Assert.Null(later.Record.WakeAt);
        Assert.Null(await h.Store.GetNextWakeAsync(default));
        Assert.Equal(0, wakes);
        await runtime.Client.RaiseEventAsync(id, "Close", "now");
        await runtime.RunUntilIdleAsync();
        Assert.Equal("on time", (await GetAsync(runtime, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_timer_that_fired_lets_go_of_the_token_that_could_cancel_it()
    {
        await using var h = await NewHarnessAsync();
        using var outside = new CancellationTokenSource();
        h.Orchestrator<string, string>("Linger", async (ctx, _) =>
        {
            await ctx.CreateTimer(TimeSpan.FromDays(1), outside.Token);
            var next = await ctx.WaitForExternalEvent<string>("Next");
            return next + "," + await ctx.WaitForExternalEvent<string>("Close");
        });
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Linger", "x");
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(2));

        // Off the orchestrator's thread: a registration still held would cancel a timer there and fail the instance.
        await outside.CancelAsync();
        await runtime.Client.RaiseEventAsync(id, "Next", "next");
        await runtime.RunUntilIdleAsync();
        await runtime.Client.RaiseEventAsync(id, "Close", "closed");
        await runtime.RunUntilIdleAsync();

        var instance = await GetAsync(runtime, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("next,closed", instance.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Wait_for_event_with_timeout_times_out_on_the_durable_timer()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Deadline", async (ctx, _) =>
        {
            try
            {
                return await ctx.WaitForExternalEvent<string>("Advice", TimeSpan.FromDays(42));
            }
            catch (TaskCanceledException)
            {
                return $"overdue at {ctx.CurrentUtcDateTime:yyyy-MM-dd}";
            }
        });
        var runtime = h.NewRuntime();
        var late = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Deadline", "x", new StartOrchestrationOptions("late"));
        var prompt = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Deadline", "x", new StartOrchestrationOptions("prompt"));
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(10));
        await runtime.Client.RaiseEventAsync(prompt, "advice", "received");
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(50));

        Assert.Equal("overdue at 2026-02-16", (await GetAsync(runtime, late)).ReadOutputAs<string>());
        Assert.Equal("received", (await GetAsync(runtime, prompt)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Sub_orchestration_runs_under_the_chosen_id_and_returns_its_result()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<int, int>("Parent", async (ctx, n) =>
                await ctx.CallSubOrchestratorAsync<int>("Child", n, new SubOrchestrationOptions(instanceId: $"{ctx.InstanceId}-child")) + 1)
            .Orchestrator<int, int>("Child", async (ctx, n) =>
            {
                await ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
                return await ctx.CallActivityAsync<int>("Double", n);
            })
            .Activity<int, int>("Double", (_, n) => Task.FromResult(n * 2));
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 20, new StartOrchestrationOptions("case-1"));
        await runtime.AdvanceToAsync(Harness.Start + Day);

        Assert.Equal(41, (await GetAsync(runtime, id)).ReadOutputAs<int>());
        var child = await GetAsync(runtime, "case-1-child");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
        Assert.Equal(40, child.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Sub_orchestration_failure_surfaces_as_TaskFailedException_in_the_parent()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Parent", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallSubOrchestratorAsync("Child");
                    return "no failure";
                }
                catch (TaskFailedException ex)
                {
                    return ex.FailureDetails.ErrorMessage;
                }
            })
            .Orchestrator<string, string>("Child", (_, _) => throw new FormatException("bad plan record"));
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Parent", "x");
        await runtime.RunUntilIdleAsync();

        Assert.Equal("bad plan record", (await GetAsync(runtime, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Orchestrator_exception_fails_only_its_own_instance()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<bool, string>("Maybe", (_, fail) => fail ? throw new ArgumentException("no plan") : Task.FromResult("fine"));
        var runtime = h.NewRuntime();
        var bad = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Maybe", true);
        var good = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Maybe", false);
        await runtime.RunUntilIdleAsync();

        var failed = await GetAsync(runtime, bad);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("no plan", failed.FailureDetails!.ErrorMessage);
        Assert.True(failed.FailureDetails.IsCausedBy<ArgumentException>());
        Assert.Equal("fine", (await GetAsync(runtime, good)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Continue_as_new_discards_history_and_carries_unprocessed_events()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<int, int>("Eternal", async (ctx, round) =>
        {
            await ctx.CreateTimer(TimeSpan.FromDays(1), CancellationToken.None);
            await ctx.CallActivityAsync("Tick", round);
            if (round == 20)
            {
                return await ctx.WaitForExternalEvent<int>("Stop");
            }

            ctx.ContinueAsNew(round + 1);
            return -1;
        }).Activity<int, int>("Tick", (_, r) => Task.FromResult(r));
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Eternal", 1);
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(5));
        await runtime.Client.RaiseEventAsync(id, "Stop", 99); // arrives in round 5, is awaited in round 20
        var midway = await h.Store.GetInstanceAsync(id, default);
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(30));

        var done = await GetAsync(runtime, id);
        Assert.Equal(99, done.ReadOutputAs<int>());
        Assert.Equal(20, h.CallsTo("Tick"));
        var work = await h.Store.LoadWorkAsync(id, includeHistory: true, default);
        Assert.Equal(19, work!.Instance.Record.Generation);
        Assert.InRange(work.History!.Count, KeepsFinishedHistory ? 1 : 0, KeepsFinishedHistory ? 12 : 0);
        Assert.InRange(midway!.Record.HistoryCount, 0, 12);
    }

    [Fact]
    public async Task New_guid_and_custom_status_are_the_same_after_a_restart_replays_the_history()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Ids", async (ctx, _) =>
        {
            var first = ctx.NewGuid();
            ctx.SetCustomStatus(new { stage = "waiting", first });
            await ctx.WaitForExternalEvent<string>("Go");
            var second = ctx.NewGuid();
            return $"{first}/{second}/{ctx.NewGuid() != second}";
        });
        var before = h.NewRuntime();
        var id = await before.Client.ScheduleNewOrchestrationInstanceAsync("Ids", "x");
        await before.RunUntilIdleAsync();
        var status = (await GetAsync(before, id)).SerializedCustomStatus!;
        Assert.Contains("waiting", status, StringComparison.Ordinal);

        var after = h.NewRuntime(); // empty cache: must replay from storage
        await after.Client.RaiseEventAsync(id, "Go");
        await after.RunUntilIdleAsync();

        var output = (await GetAsync(after, id)).ReadOutputAs<string>()!.Split('/');
        Assert.Contains(output[0], status, StringComparison.Ordinal);
        Assert.Equal(5, Guid.Parse(output[0]).Version);
        Assert.NotEqual(output[0], output[1]);
        Assert.Equal("True", output[2]);
    }

    [Fact]
    public async Task Changed_orchestrator_code_is_detected_on_replay_and_fails_the_instance_clearly()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Flow", async (ctx, _) =>
            {
                await ctx.CallActivityAsync("SendRequest");
                return await ctx.WaitForExternalEvent<string>("Reply");
            })
            .Activity<string?, string>("SendRequest", (_, _) => Task.FromResult("ok"))
            .Activity<string?, string>("SendReminder", (_, _) => Task.FromResult("ok"));
        var v1 = h.NewRuntime();
        var id = await v1.Client.ScheduleNewOrchestrationInstanceAsync("Flow", "x");
        await v1.RunUntilIdleAsync();

        var changed = new DurableTaskRegistry()
            .AddOrchestrator("Flow", () => new InlineOrchestrator<string, string>(async (ctx, _) =>
            {
                await ctx.CallActivityAsync("SendReminder");
                return await ctx.WaitForExternalEvent<string>("Reply");
            }));
        var v2 = h.NewRuntime(registry: changed);
        await v2.Client.RaiseEventAsync(id, "Reply", "done");
        await v2.RunUntilIdleAsync();

        var failed = await GetAsync(v2, id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.True(failed.FailureDetails!.IsCausedBy<NonDeterministicOrchestrationException>());
        Assert.Contains("'SendRequest'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'SendReminder'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("(Flow version 1)", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("add a version of Flow", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_keeps_the_version_it_started_on_and_continue_as_new_moves_it_to_a_new_one()
    {
        await using var h = await NewHarnessAsync();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        h.Orchestrator<int, string>("Cycle", async (ctx, cycle) =>
            {
                if (!ctx.IsReplaying)
                {
                    seen.Enqueue($"{cycle}:{ctx.Version}");
                }

                var child = await ctx.CallSubOrchestratorAsync<string>("Child", null, new SubOrchestrationOptions(instanceId: $"child-{cycle}") { Version = "3" });
                await ctx.CreateTimer(TimeSpan.FromDays(1), CancellationToken.None);
                if (cycle < 2)
                {
                    ctx.ContinueAsNew(new ContinueAsNewOptions { NewInput = cycle + 1, NewVersion = cycle == 0 ? null : "2" });
                }

                return $"{ctx.Version}/{child}";
            })
            .Orchestrator<string?, string>("Child", (ctx, _) => Task.FromResult(ctx.Version));
        var runtime = h.NewRuntime();

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Cycle", 0, new StartOrchestrationOptions { Version = "1" });
        await runtime.RunUntilIdleAsync();
        Assert.Equal("1", (await h.Store.GetInstanceAsync(id, default))!.Record.Version);
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(1.5));
        Assert.Equal("1", (await h.Store.GetInstanceAsync(id, default))!.Record.Version); // no NewVersion: the version stays
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(5));

        var done = await GetAsync(runtime, id);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, null), (done.RuntimeStatus, done.FailureDetails?.ErrorMessage));
        Assert.Equal("2/3", done.ReadOutputAs<string>());
        Assert.Equal(["0:1", "1:1", "2:2"], seen.ToArray());
        Assert.Equal("2", (await h.Store.GetInstanceAsync(id, default))!.Record.Version);
    }

    [Fact]
    public async Task An_instance_started_without_a_version_has_an_empty_context_version_and_counts_as_version_1()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string?, string>("Plain", (ctx, _) => Task.FromResult($"[{ctx.Version}]"));
        var runtime = h.NewRuntime();

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Plain");
        await runtime.RunUntilIdleAsync();

        Assert.Equal("[]", (await GetAsync(runtime, id)).ReadOutputAs<string>());
        var record = (await h.Store.GetInstanceAsync(id, default))!.Record;
        Assert.Null(record.Version);
        Assert.Equal("1", record.VersionOrOne);
    }

    [Fact]
    public async Task Schedule_with_an_existing_id_is_a_no_op_returning_the_same_id()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<int, int>("Echo", async (ctx, n) => await ctx.WaitForExternalEvent<int>("Go") + n);
        var runtime = h.NewRuntime();
        var first = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Echo", 1, new StartOrchestrationOptions("ehc-001"));
        await runtime.RunUntilIdleAsync();
        var again = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Echo", 500, new StartOrchestrationOptions("ehc-001"));
        await runtime.Client.RaiseEventAsync("ehc-001", "Go", 10);
        await runtime.RunUntilIdleAsync();

        Assert.Equal("ehc-001", first);
        Assert.Equal("ehc-001", again);
        Assert.Equal(11, (await GetAsync(runtime, "ehc-001")).ReadOutputAs<int>());
    }

    [Fact]
    public async Task Raising_an_event_for_an_unknown_instance_throws_a_clear_exception()
    {
        await using var h = await NewHarnessAsync();
        var runtime = h.NewRuntime();

        var ex = await Assert.ThrowsAsync<OrchestrationInstanceNotFoundException>(() => runtime.Client.RaiseEventAsync("ehc-404", "Advice", 1));

        Assert.Equal("ehc-404", ex.InstanceId);
        Assert.Contains("'ehc-404'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_filters_by_prefix_status_and_created_range_and_terminate_and_purge_work()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("Go"));
        var runtime = h.NewRuntime();
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "x", new StartOrchestrationOptions("review-1"));
        h.Clock.Advance(Day);
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "x", new StartOrchestrationOptions("review-2"));
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "x", new StartOrchestrationOptions("assessment-1"));
        await runtime.RunUntilIdleAsync();
        await runtime.Client.RaiseEventAsync("review-2", "Go", "done");
        await runtime.Client.TerminateInstanceAsync("assessment-1", "withdrawn");
        await runtime.RunUntilIdleAsync();

        async Task<string[]> Ids(OrchestrationQuery q) =>
            [.. (await runtime.Client.GetAllInstancesAsync(q).ToListAsync()).Select(m => m.InstanceId).Order(StringComparer.Ordinal)];

        Assert.Equal(["review-1", "review-2"], await Ids(new OrchestrationQuery(InstanceIdPrefix: "review-")));
        Assert.Equal(["review-1"], await Ids(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running])));
        Assert.Equal(["assessment-1", "review-2"], await Ids(new OrchestrationQuery(CreatedFrom: Harness.Start + TimeSpan.FromHours(1))));
        Assert.Equal(["review-1"], await Ids(new OrchestrationQuery(CreatedTo: Harness.Start + TimeSpan.FromHours(1))));
        var terminated = await GetAsync(runtime, "assessment-1");
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Equal("withdrawn", terminated.ReadOutputAs<string>());

        Assert.Equal(0, (await runtime.Client.PurgeInstanceAsync("review-1")).PurgedInstanceCount);
        Assert.Equal(1, (await runtime.Client.PurgeInstanceAsync("review-2")).PurgedInstanceCount);
        Assert.Null(await runtime.Client.GetInstanceAsync("review-2"));
    }

    [Fact]
    public async Task Wait_for_completion_returns_once_the_instance_finishes()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("Go"));
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "x");
        await runtime.RunUntilIdleAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var waiting = runtime.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.False(waiting.IsCompleted);
        await runtime.Client.RaiseEventAsync(id, "Go", "done");
        await runtime.RunUntilIdleAsync();

        Assert.Equal("done", (await waiting).ReadOutputAs<string>());
    }
    [Fact]
    public async Task Payloads_beyond_the_table_limits_round_trip_through_inputs_results_events_and_history()
    {
        await using var h = await NewHarnessAsync();
        var big = string.Concat(Enumerable.Range(0, 150_000).Select(i => (char)('a' + (i % 26)))); // 300 KB as UTF-16, > 64 KiB a property
        h.Orchestrator<string, int>("Big", async (ctx, input) =>
            {
                var echoed = await ctx.CallActivityAsync<string>("Echo", input + input);            // 600 KB
                var evt = await ctx.WaitForExternalEvent<string>("Attachment");
                ctx.SetCustomStatus(input[..100]);
                return echoed.Length + evt.Length + (echoed == string.Concat(input, input, input, input) ? 0 : -1_000_000);
            })
            .Activity<string, string>("Echo", (_, s) => Task.FromResult(s + s));                 // 1.2 MB result: > 1 MiB an entity
        var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { MaxCachedSessions = 0 });     // replay reads the big history back
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Big", big);
        await runtime.RunUntilIdleAsync();
        await runtime.Client.RaiseEventAsync(id, "attachment", big);
        await runtime.RunUntilIdleAsync();

        var done = await GetAsync(runtime, id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal((big.Length * 4) + big.Length, done.ReadOutputAs<int>());
        Assert.Equal(big, done.ReadInputAs<string>());
    }

    [Fact]
    public async Task A_start_time_in_the_future_keeps_the_instance_pending_until_then()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Start", (ctx, _) => Task.FromResult($"{ctx.CurrentUtcDateTime:yyyy-MM-dd}"));
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Start", "x",
            new StartOrchestrationOptions(StartAt: Harness.Start + TimeSpan.FromDays(20)));

        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(19));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await GetAsync(runtime, id)).RuntimeStatus);
        await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(30));

        Assert.Equal("2026-01-25", (await GetAsync(runtime, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Unregistered_activities_and_taken_child_ids_fail_the_call_not_the_runtime()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Careless", async (ctx, _) =>
            {
                var errors = new List<string>();
                try
                {
                    await ctx.CallActivityAsync("NoSuchActivity");
                }
                catch (TaskFailedException ex)
                {
                    errors.Add(ex.FailureDetails.ErrorMessage);
                }

                try
                {
                    await ctx.CallSubOrchestratorAsync<string>("Idle", options: new SubOrchestrationOptions(instanceId: "taken"));
                }
                catch (TaskFailedException ex)
                {
                    errors.Add(ex.FailureDetails.ErrorMessage);
                }

                return string.Join(" / ", errors);
            })
            .Orchestrator<string, string>("Idle", (ctx, _) => ctx.WaitForExternalEvent<string>("Never"));
        var runtime = h.NewRuntime();
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Idle", "x", new StartOrchestrationOptions("taken"));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Careless", "x");
        await runtime.RunUntilIdleAsync();

        Assert.Equal(
            "No activity named 'NoSuchActivity' is registered with this runtime. / Cannot start sub-orchestration 'taken': an instance with that id already exists.",
            (await GetAsync(runtime, id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Corrupt_history_fails_the_instance_with_a_clear_error_and_leaves_others_running()
    {
        await using var h = await NewHarnessAsync();
        h.Orchestrator<string, string>("Flow", async (ctx, _) =>
            {
                await ctx.CallActivityAsync("SendRequest");
                return await ctx.WaitForExternalEvent<string>("Reply");
            })
            .Activity<string?, string>("SendRequest", (_, _) => Task.FromResult("ok"));
        var before = h.NewRuntime();
        var damaged = await before.Client.ScheduleNewOrchestrationInstanceAsync("Flow", "x", new StartOrchestrationOptions("damaged"));
        var healthy = await before.Client.ScheduleNewOrchestrationInstanceAsync("Flow", "x", new StartOrchestrationOptions("healthy"));
        await before.RunUntilIdleAsync();
        await CorruptHistoryAsync(h.Store, damaged);

        var after = h.NewRuntime(); // replays from storage
        await after.Client.RaiseEventAsync(damaged, "Reply", "done");
        await after.Client.RaiseEventAsync(healthy, "Reply", "done");
        await after.RunUntilIdleAsync();

        var failed = await GetAsync(after, damaged);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.True(failed.FailureDetails!.IsCausedBy<CorruptHistoryException>(), failed.FailureDetails.ToString());
        Assert.Contains("'damaged'", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("done", (await GetAsync(after, healthy)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Real_time_mode_fires_a_timer_when_the_time_provider_reaches_it()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Harness.Start);
        var store = await CreateStoreAsync();
        await using var runtime = RealTimeRuntimeWithAnHourTimer(store, time);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await runtime.StartAsync(timeout.Token);

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Later", "x");
        while ((await store.GetInstanceAsync(id, timeout.Token))?.Record.HistoryCount is null or 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, timeout.Token); // bounded poll: the worker is real
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await GetAsync(runtime, id)).RuntimeStatus);
        time.Advance(TimeSpan.FromHours(1));
        var done = await runtime.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        await runtime.StopAsync(timeout.Token);

        Assert.Equal("fired at 10:00", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_client_waiting_for_another_runtimes_instance_looks_again_within_a_real_second_whatever_its_poll_interval()
    {
        // serve stretches PollInterval with a fast demo clock (an hour of case time is a real second at 3600x); the
        // client's wait is in real time, so it must not wait that long for a change it cannot be told about.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Harness.Start);
        var store = await CreateStoreAsync();
        await using var worker = RealTimeRuntimeWithAnHourTimer(store, time);
        await using var other = new EmbeddedDurableRuntime(new DurableTaskRegistry(), EmptyServices.Instance, store, time,
            new EmbeddedRuntimeOptions { PollInterval = TimeSpan.FromHours(1) });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await worker.StartAsync(timeout.Token);
        var id = await worker.Client.ScheduleNewOrchestrationInstanceAsync("Later", "x");
        while ((await store.GetInstanceAsync(id, timeout.Token))?.Record.HistoryCount is null or 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, timeout.Token); // bounded poll: the worker is real
        }

        var waiting = other.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        time.Advance(TimeSpan.FromHours(1));
        var done = await waiting;
        await worker.StopAsync(timeout.Token);

        Assert.Equal("fired at 10:00", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Real_time_mode_fires_a_timer_when_the_clock_jumps_while_the_worker_sets_up_its_wait()
    {
        var time = new JumpingTimeProvider(Harness.Start);
        var store = await CreateStoreAsync();
        await using var runtime = RealTimeRuntimeWithAnHourTimer(store, time);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Later", "x");
        time.JumpOnNextWait = TimeSpan.FromHours(1); // the hour passes after the worker read the clock, before it waits
        await runtime.StartAsync(timeout.Token);

        var done = await runtime.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        await runtime.StopAsync(timeout.Token);

        Assert.Equal("fired at 10:00", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_step_in_progress_is_not_run_again_by_its_own_runtime_when_the_clock_passes_its_lease()
    {
        await using var harness = new Harness(await CreateStoreAsync());
        var (started, release) = SlowStep(harness);
        var runtime = harness.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Slow", "x");

        var first = runtime.RunUntilIdleAsync();
        await started.Task;
        harness.Clock.AdvanceTo(Harness.Start + runtime.Options.LeaseDuration * 2); // the step's own lease has run out
        var second = runtime.RunUntilIdleAsync();
        await UntilWaitingOrRunTwiceAsync(runtime, harness, second);
        release.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(1, harness.CallsTo("Wait"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await GetAsync(runtime, id)).RuntimeStatus);
    }

    [Fact]
    public async Task Advancing_the_clock_waits_for_the_background_worker_to_finish_its_step()
    {
        await using var harness = new Harness(await CreateStoreAsync());
        var (started, release) = SlowStep(harness);
        var runtime = harness.NewRuntime();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await runtime.StartAsync(timeout.Token);
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Slow", "x");
        await started.Task; // the background worker holds the instance

        // As a journey does after an import: move the case clock while the worker is still busy.
        var advance = runtime.AdvanceToAsync(Harness.Start.AddHours(1), timeout.Token);
        await UntilWaitingOrRunTwiceAsync(runtime, harness, advance);
        release.SetResult();
        await advance;

        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await GetAsync(runtime, id)).RuntimeStatus);
        Assert.Equal(1, harness.CallsTo("Wait"));
        await runtime.StopAsync(timeout.Token);
    }

    /// <summary>"Slow" calls the activity "Wait", whose first run holds until released.</summary>
    static (TaskCompletionSource Started, TaskCompletionSource Release) SlowStep(Harness harness)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness
            .Orchestrator<string, string>("Slow", (ctx, input) => ctx.CallActivityAsync<string>("Wait", input))
            .Activity<string, string>("Wait", async (_, input) =>
            {
                if (started.TrySetResult())
                {
                    await release.Task;
                }

                return input;
            });
        return (started, release);
    }

    /// <summary>Until the caller waits for the step in progress (right) or has run it a second time (the fault).</summary>
    static async Task UntilWaitingOrRunTwiceAsync(EmbeddedDurableRuntime runtime, Harness harness, Task caller)
    {
        while (runtime.WaitingForInFlight == 0 && harness.CallsTo("Wait") < 2 && !caller.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System); // bounded poll of real work, not a timed assertion
        }
    }

    /// <summary>A runtime in real-time mode (polling every 50 ms) whose "Later" workflow waits one hour on <paramref name="time"/>.</summary>
    static EmbeddedDurableRuntime RealTimeRuntimeWithAnHourTimer(IOrchestrationStore store, TimeProvider time) =>
        new(new DurableTaskRegistry()
                .AddOrchestrator("Later", () => new InlineOrchestrator<string, string>(async (ctx, _) =>
                {
                    await ctx.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
                    return $"fired at {ctx.CurrentUtcDateTime:HH:mm}";
                })),
            EmptyServices.Instance, store, time, new EmbeddedRuntimeOptions { PollInterval = TimeSpan.FromMilliseconds(50) });

    /// <summary>Advances itself once, at the moment a timer is created: the worst moment for a worker's wait.</summary>
    sealed class JumpingTimeProvider(DateTimeOffset start) : Microsoft.Extensions.Time.Testing.FakeTimeProvider(start)
    {
        public TimeSpan? JumpOnNextWait { get; set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan && JumpOnNextWait is { } jump)
            {
                JumpOnNextWait = null;
                Advance(jump);
            }

            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}

/// <summary>The behaviour suite on the in-memory store, kept as the subclass's <see cref="Retention"/> says.</summary>
public abstract class InMemoryStoreRuntimeBehaviourTests : RuntimeBehaviourTests
{
    protected virtual HistoryRetention Retention => HistoryRetention.Full;

    protected override Task<IOrchestrationStore> CreateStoreAsync() =>
        Task.FromResult<IOrchestrationStore>(new InMemoryOrchestrationStore(Retention));

    /// <summary>A result for a task the history never scheduled: the history contradicts itself.</summary>
    protected override Task CorruptHistoryAsync(IOrchestrationStore store, string instanceId)
    {
        ((InMemoryOrchestrationStore)store).ReplaceHistoryEventForTesting(instanceId, 2, new TaskCompleted(77, "\"forged\""));
        return Task.CompletedTask;
    }
}

public sealed class InMemoryRuntimeBehaviourTests : InMemoryStoreRuntimeBehaviourTests;

/// <summary>The same semantics when a new instance is started with its first episode (ADR 0133), as the live host runs it.</summary>
public sealed class FirstEpisodeAtStartInMemoryRuntimeBehaviourTests : InMemoryStoreRuntimeBehaviourTests
{
    protected override bool FirstEpisodeAtStart => true;
}

/// <summary>The same semantics when the store keeps only what replay reads (as simulations run it).</summary>
public sealed class ReplayOnlyInMemoryRuntimeBehaviourTests : InMemoryStoreRuntimeBehaviourTests
{
    protected override HistoryRetention Retention => HistoryRetention.ReplayOnly;

    protected override bool KeepsFinishedHistory => false;
}

/// <summary>The same semantics when activity results are written before the episode they wake (the path before ADR 0107).</summary>
public sealed class TwoCommitResultsInMemoryRuntimeBehaviourTests : InMemoryStoreRuntimeBehaviourTests
{
    protected override bool ActivityResultsInSameStep => false;
}

/// <summary>
/// The same semantics as a simulation shard runs them: a replay-only store that one runtime owns alone, so no instance
/// is ever leased (ADR 0015), activities get their inputs by reference (ADR 0017) and their results go straight into the
/// next episode (ADR 0107).
/// </summary>
public sealed class SimulationShardRuntimeBehaviourTests : InMemoryStoreRuntimeBehaviourTests
{
    protected override HistoryRetention Retention => HistoryRetention.ReplayOnly;

    protected override bool KeepsFinishedHistory => false;

    protected override bool ExclusiveStore => true;

    protected override bool ActivityInputsByReference => true;

    protected override bool OrchestrationInputsByReference => true;

    public sealed record Letter(string To, IReadOnlyList<string> Lines);

    public record Note(string Text);

    public sealed record DatedNote(string Text, DateOnly On) : Note(Text);

    [Fact]
    public async Task An_activity_gets_the_orchestrators_object_when_its_type_is_the_input_type_and_a_json_copy_otherwise()
    {
        var store = new InMemoryOrchestrationStore(HistoryRetention.ReplayOnly);
        await using var h = new Harness(store) { ExclusiveStore = true, ActivityInputsByReference = true };
        var letter = new Letter("senco@oak.example", ["one", "two"]);
        var dated = new DatedNote("hello", new DateOnly(2026, 1, 5));
        object? seenLetter = null;
        object? seenNote = null;
        h.Orchestrator<string, string>("Send", async (ctx, _) =>
            {
                var lines = await ctx.CallActivityAsync<int>("Post", letter);
                var text = await ctx.CallActivityAsync<string>("Read", dated);
                return $"{lines} {text}";
            })
            .Activity<Letter, int>("Post", (_, input) =>
            {
                seenLetter = input;
                return Task.FromResult(input.Lines.Count);
            })
            .Activity<Note, string>("Read", (_, input) =>
            {
                seenNote = input;
                return Task.FromResult(input.Text);
            });
        var runtime = h.NewRuntime();
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Send", "go");
        await runtime.RunUntilIdleAsync();

        Assert.Equal("2 hello", (await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<string>());
        Assert.Same(letter, seenLetter);
        // The activity takes the base type: as on the real engine it gets a Note read from JSON, not the DatedNote.
        Assert.Equal(typeof(Note), seenNote!.GetType());
        Assert.Equal(new Note("hello"), seenNote);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_orchestration_gets_its_starters_object_its_next_generations_input_and_an_events_payload_by_reference_when_asked(bool byReference)
    {
        var store = new InMemoryOrchestrationStore(HistoryRetention.None);
        await using var h = new Harness(store) { ExclusiveStore = true, OrchestrationInputsByReference = byReference };
        var first = new Letter("senco@oak.example", ["one"]);
        var next = new Letter("senco@elm.example", ["two", "three"]);
        var reply = new Letter("family@example.com", ["yes"]);
        var seen = new List<object>();
        object? seenNote = null;
        h.Orchestrator<Letter, string>("Relay", async (ctx, input) =>
        {
            seen.Add(input);
            if (input.Lines.Count > 1)
            {
                return string.Join(" ", input.Lines);
            }

            seen.Add(await ctx.WaitForExternalEvent<Letter>("reply"));
            seenNote = await ctx.WaitForExternalEvent<Note>("note");
            ctx.ContinueAsNew(next);
            return "";
        });
        var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { ActivityInputAudit = new ActivityInputAudit() });
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Relay", first);
        await runtime.RunUntilIdleAsync();
        await runtime.Client.RaiseEventAsync(id, "reply", reply);
        await runtime.Client.RaiseEventAsync(id, "note", new DatedNote("hello", new DateOnly(2026, 1, 5)));
        await runtime.RunUntilIdleAsync();

        Assert.Equal("two three", (await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<string>());
        Assert.Equal(["senco@oak.example: one", "family@example.com: yes", "senco@elm.example: two three"], seen.Cast<Letter>().Select(l => $"{l.To}: {string.Join(" ", l.Lines)}"));
        Assert.Equal(byReference, ReferenceEquals(first, seen[0]));
        Assert.Equal(byReference, ReferenceEquals(reply, seen[1]));
        Assert.Equal(byReference, ReferenceEquals(next, seen[2]));
        // A payload of another type than the one awaited is read from its JSON, as the real engine would.
        Assert.Equal(typeof(Note), seenNote!.GetType());
    }

    [Fact]
    public async Task The_audit_finds_an_event_payload_changed_after_it_was_raised()
    {
        var audit = new ActivityInputAudit();
        var store = new InMemoryOrchestrationStore(HistoryRetention.None);
        await using var h = new Harness(store) { ExclusiveStore = true, OrchestrationInputsByReference = true };
        h.Orchestrator<string, int>("Count", async (ctx, _) => (await ctx.WaitForExternalEvent<List<string>>("items")).Count);
        var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { ActivityInputAudit = audit });
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Count", "go");
        await runtime.RunUntilIdleAsync();
        var items = new List<string> { "a", "b" };
        await runtime.Client.RaiseEventAsync(id, "items", items);
        items.Add("c"); // on the real engine the orchestration would count the two it was sent
        await runtime.RunUntilIdleAsync();

        Assert.Equal(3, (await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<int>());
        var difference = Assert.Single(audit.Differences);
        Assert.Contains("event items of Count", difference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_finds_an_input_the_orchestrator_changed_after_passing_it_and_passes_one_it_did_not()
    {
        async Task<(ActivityInputAudit Audit, int Seen)> RunAsync(bool changeAfterCall)
        {
            var audit = new ActivityInputAudit();
            var store = new InMemoryOrchestrationStore(HistoryRetention.ReplayOnly);
            await using var h = new Harness(store) { ExclusiveStore = true };
            h.Orchestrator<string, int>("Count", async (ctx, _) =>
                {
                    var items = new List<string> { "a", "b" };
                    var counted = ctx.CallActivityAsync<int>("CountItems", items);
                    if (changeAfterCall)
                    {
                        items.Add("c"); // on the real engine the activity would count the two it was sent
                    }

                    return await counted;
                })
                .Activity<List<string>, int>("CountItems", (_, input) => Task.FromResult(input.Count));
            var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { ActivityInputsByReference = true, ActivityInputAudit = audit });
            var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Count", "go");
            await runtime.RunUntilIdleAsync();
            return (audit, (await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadOutputAs<int>());
        }

        var unchanged = await RunAsync(changeAfterCall: false);
        var changed = await RunAsync(changeAfterCall: true);

        Assert.Equal(1, unchanged.Audit.Checked);
        Assert.Empty(unchanged.Audit.Differences);
        Assert.Equal(2, unchanged.Seen);
        Assert.Equal(3, changed.Seen);
        var difference = Assert.Single(changed.Audit.Differences);
        Assert.Contains("CountItems", difference, StringComparison.Ordinal);
        Assert.Contains("changed between scheduling and the activity", difference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exclusive_store_gives_the_same_result_and_never_holds_a_lease_while_a_lease_costs_no_write_of_its_own()
    {
        async Task<(string Output, long Writes, bool Leased)> RunAsync(bool exclusive)
        {
            var store = new InMemoryOrchestrationStore(HistoryRetention.ReplayOnly);
            await using var h = new Harness(store) { ExclusiveStore = exclusive };
            var leaseSeen = false;
            h.Orchestrator<int, string>("Steps", async (ctx, n) =>
                {
                    var total = 0;
                    for (var i = 0; i < n; i++)
                    {
                        await ctx.CreateTimer(TimeSpan.FromDays(7), CancellationToken.None);
                        total += await ctx.CallActivityAsync<int>("Peek", i);
                    }

                    return $"{total} at {ctx.CurrentUtcDateTime:yyyy-MM-dd}";
                })
                .Activity<int, int>("Peek", async (context, i) =>
                {
                    leaseSeen |= (await store.GetInstanceAsync(context.InstanceId, default))!.Record.LeaseOwner is not null;
                    return i;
                });
            var runtime = h.NewRuntime();
            var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Steps", 5);
            await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(60));
            var done = await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            return (done!.ReadOutputAs<string>()!, store.StorageWrites, leaseSeen);
        }

        var leased = await RunAsync(exclusive: false);
        var exclusive = await RunAsync(exclusive: true);

        Assert.Equal("10 at 2026-02-09", leased.Output);
        Assert.Equal(leased.Output, exclusive.Output);
        Assert.True(leased.Leased, "the default runtime leases an instance while it works on it");
        Assert.False(exclusive.Leased, "an exclusive store's runtime never writes a lease");
        // The lease is taken and given back in the commits a step makes anyway (ADR 0130): no writes of its own.
        Assert.Equal(leased.Writes, exclusive.Writes);
    }

    [Fact]
    public async Task Results_in_the_same_step_write_the_same_history_and_outcome_with_fewer_writes()
    {
        async Task<(IReadOnlyList<HistoryEvent> History, string Output, long Writes, int Calls)> RunAsync(bool sameStep)
        {
            var store = new InMemoryOrchestrationStore(HistoryRetention.Full);
            await using var h = new Harness(store) { ExclusiveStore = true, ActivityResultsInSameStep = sameStep };
            h.Orchestrator<int, string>("Chain", async (ctx, n) =>
                {
                    var seen = new List<string>();
                    using var stop = new CancellationTokenSource();
                    var reminder = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(30), stop.Token);
                    for (var i = 0; i < n; i++)
                    {
                        seen.Add(await ctx.CallActivityAsync<string>("Step", i));
                    }

                    // Two at once, the second failing: both results arrive together, in task order.
                    var both = new[] { ctx.CallActivityAsync<string>("Step", 10), ctx.CallActivityAsync<string>("Step", -1) };
                    try
                    {
                        await Task.WhenAll(both);
                    }
                    catch (TaskFailedException)
                    {
                        seen.Add($"{both[0].Result}, then a failure");
                    }

                    stop.Cancel();
                    await ctx.CreateTimer(TimeSpan.FromDays(2), CancellationToken.None);
                    seen.Add(await ctx.CallActivityAsync<string>("Step", 99));
                    var approval = await ctx.WaitForExternalEvent<string>("Approved");
                    return $"{string.Join("; ", seen)}; {approval} at {ctx.CurrentUtcDateTime:yyyy-MM-dd}";
                })
                .Activity<int, string>("Step", (_, i) => i < 0 ? throw new InvalidOperationException("no") : Task.FromResult($"step {i}"));
            var runtime = h.NewRuntime();
            var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Chain", 3);
            await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(5));
            await runtime.Client.RaiseEventAsync(id, "Approved", "yes");
            await runtime.RunUntilIdleAsync();
            var done = await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            var work = await store.LoadWorkAsync(id, includeHistory: true, default);
            return (work!.History!, done!.ReadOutputAs<string>()!, store.StorageWrites, h.CallsTo("Step"));
        }

        var apart = await RunAsync(sameStep: false);
        var together = await RunAsync(sameStep: true);

        Assert.Equal("step 0; step 1; step 2; step 10, then a failure; step 99; yes at 2026-01-10", apart.Output);
        Assert.Equal(apart.Output, together.Output);
        Assert.Equal(6, together.Calls);
        Assert.Equal(apart.Calls, together.Calls);
        // The same events with the same ids, timestamps and message ids (a failure's stack trace and a client's event id aside).
        Assert.Equal(apart.History.Select(Describe), together.History.Select(Describe));
        Assert.Contains(together.History, e => e is TaskScheduled { TaskId: 1 });
        Assert.Contains(together.History, e => e is TaskCompleted { TaskId: 1, MessageId: "result|0|1" });
        Assert.True(together.Writes < apart.Writes, $"{together.Writes} writes with results in the same step, {apart.Writes} apart");
    }

    /// <summary>An event as two runs of one workflow should both have written it (a failure's stack trace and a client's event id aside).</summary>
    internal static string Describe(HistoryEvent e) => e switch
    {
        TaskFailed f => $"TaskFailed #{f.TaskId} {f.Failure.ErrorType} {f.MessageId}",
        EventRaised r => (r with { MessageId = null }).ToString(), // the client names each raised event afresh
        _ => e.ToString(),
    };
}
