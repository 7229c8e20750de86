using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// A new instance started with its first episode (ADR 0133): written once, already past its first step, with the same
/// history as the usual create-then-pick-up; an id that exists gets nothing written; a crash at that write loses nothing.
/// Run against every leased store by the subclasses, on the virtual clock.
/// </summary>
public abstract class FirstEpisodeAtStartTests
{
    protected abstract Task<IOrchestrationStore> CreateStoreAsync();

    static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>
    /// "Case": a child workflow and an activity at once, a timer, an event and a message to another instance; the child
    /// runs an activity and waits a day. Everything the first episode can leave: activities, timers, outbox rows.
    /// </summary>
    static void CaseWorkflows(Harness h) =>
        h.Orchestrator<string, string>("Case", async (ctx, id) =>
            {
                var child = ctx.CallSubOrchestratorAsync<string>("Child", id, new SubOrchestrationOptions { InstanceId = $"{id}-child" });
                var note = ctx.CallActivityAsync<string>("Note", id);
                await Task.WhenAll(child, note);
                await ctx.CreateTimer(TimeSpan.FromDays(2), CancellationToken.None);
                var answer = await ctx.WaitForExternalEvent<string>("Answer");
                ctx.SendEvent($"{id}-child", "Ignored", answer); // the child has ended: the message is dropped, as ever
                return $"{child.Result}; {note.Result}; {answer} at {ctx.CurrentUtcDateTime:yyyy-MM-dd}";
            })
            .Orchestrator<string, string>("Child", async (ctx, id) =>
            {
                var noted = await ctx.CallActivityAsync<string>("Note", $"{id} (child)");
                await ctx.CreateTimer(TimeSpan.FromDays(1), CancellationToken.None);
                return noted;
            })
            .Activity<string, string>("Note", (_, id) => Task.FromResult($"noted {id}"));

    [Fact]
    public async Task A_new_instance_written_with_its_first_episode_has_the_same_history_and_outcome_as_one_created_then_picked_up()
    {
        async Task<(IReadOnlyList<HistoryEvent> Parent, IReadOnlyList<HistoryEvent> Child, string Output, int Calls, IReadOnlyList<InstanceCommit> Commits, int Creates)> RunAsync(bool atStart)
        {
            var store = new ObservedStore(await CreateStoreAsync());
            await using var h = new Harness(store) { FirstEpisodeAtStart = atStart };
            CaseWorkflows(h);
            var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { WorkerId = "worker" });
            await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Case", "EHC-7", new StartOrchestrationOptions("case-7"));
            await runtime.AdvanceToAsync(Harness.Start + TimeSpan.FromDays(3));
            await runtime.Client.RaiseEventAsync("case-7", "Answer", "agreed");
            await runtime.RunUntilIdleAsync();
            var done = await runtime.Client.GetInstanceAsync("case-7", getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
            var parent = await store.Inner.LoadWorkAsync("case-7", includeHistory: true, default);
            var child = await store.Inner.LoadWorkAsync("EHC-7-child", includeHistory: true, default);
            return (parent!.History!, child!.History!, done.ReadOutputAs<string>()!, h.CallsTo("Note"), store.Commits, store.Creates);
        }

        var usual = await RunAsync(atStart: false);
        var atStart = await RunAsync(atStart: true);

        Assert.Equal("noted EHC-7 (child); noted EHC-7; agreed at 2026-01-08", usual.Output);
        Assert.Equal(usual.Output, atStart.Output);
        Assert.Equal(2, atStart.Calls);
        Assert.Equal(usual.Calls, atStart.Calls);
        // The same events with the same ids, timestamps and message ids (the client names each raised event afresh).
        Assert.Equal(usual.Parent.Select(SimulationShardRuntimeBehaviourTests.Describe), atStart.Parent.Select(SimulationShardRuntimeBehaviourTests.Describe));
        Assert.Equal(usual.Child.Select(SimulationShardRuntimeBehaviourTests.Describe), atStart.Child.Select(SimulationShardRuntimeBehaviourTests.Describe));
        Assert.Contains(atStart.Parent, e => e is ExecutionStarted);
        Assert.Contains(atStart.Parent, e => e is SubOrchestrationCompleted);

        // The parent's creation is its first episode's commit: it schedules both tasks and takes the lease for them.
        var created = Assert.Single(atStart.Commits, c => c.CreatesPartition);
        Assert.Equal("case-7", created.InstanceId);
        Assert.Equal(2, created.AddActivities.Count + created.AddOutbox.Count);
        Assert.Equal("worker", created.Record.LeaseOwner);
        // It wakes when that lease runs out: until then its work is this runtime's, and no look for work needs its row.
        Assert.Equal(created.Record.LeaseUntil, created.Record.WakeAt);
        Assert.Empty(created.RemoveMessageIds); // the start message was consumed before it was ever written
        Assert.DoesNotContain(usual.Commits, c => c.CreatesPartition);
        // The same commits, but the parent's create is one of them: the usual path wrote it first, on its own.
        Assert.Equal(usual.Commits.Count, atStart.Commits.Count);
        Assert.Equal((2, 1), (usual.Creates, atStart.Creates)); // the child is created by its parent's outbox, as ever
    }

    [Fact]
    public async Task Starting_an_id_that_exists_writes_nothing_of_its_episode_and_runs_no_activity()
    {
        var store = new ObservedStore(await CreateStoreAsync());
        await using var h = new Harness(store) { FirstEpisodeAtStart = true };
        CommitProtocolTests.RegisterPlan(h);
        var runtime = h.NewRuntime();
        var first = new InstanceRecord
        {
            InstanceId = "plan-1",
            Name = "Plan",
            Input = "\"EHC-1\"",
            CreatedAt = Harness.Start,
            LastUpdatedAt = Harness.Start,
        };
        Assert.True(await store.Inner.TryCreateInstanceAsync(first, new InboxMessage("start|0", Harness.Start, new ExecutionStarted("Plan", "\"EHC-1\""), 0), default));

        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Plan", "EHC-other", new StartOrchestrationOptions("plan-1"));

        Assert.Equal("plan-1", id);
        var attempt = Assert.Single(store.Commits);
        Assert.True(attempt.CreatesPartition);
        Assert.Equal(1, store.Conflicts);
        Assert.Equal(0, h.CallsTo("Register"));
        var stored = await store.Inner.LoadWorkAsync("plan-1", includeHistory: true, default);
        Assert.Equal((OrchestrationRuntimeStatus.Pending, 0, "\"EHC-1\""), (stored!.Instance.Record.Status, stored.History!.Count, stored.Instance.Record.Input));
        Assert.Empty(stored.Activities);

        // The stored instance is worked as usual, with its own input.
        await runtime.AdvanceToAsync(Harness.Start + Week);
        var done = await runtime.Client.GetInstanceAsync("plan-1", getInputsAndOutputs: true);
        Assert.Equal("registered EHC-1 then a week", done!.ReadOutputAs<string>());
        Assert.Equal(1, h.CallsTo("Register"));
    }

    [Theory]
    [InlineData(false)] // lost with the crash: the start fails to its caller, nothing is stored, nothing ran
    [InlineData(true)]  // stored before the crash: the survivor runs the activity once the lease runs out
    public async Task A_crash_at_the_write_that_creates_the_instance_with_its_first_episode_loses_nothing(bool stored)
    {
        var store = await CreateStoreAsync();
        await using var h = new Harness(store) { FirstEpisodeAtStart = true };
        CommitProtocolTests.RegisterPlan(h);
        var doomed = new ObservedStore(store) { CrashAt = commit => commit.CreatesPartition, CrashAfterWrite = stored };

        await Assert.ThrowsAsync<SimulatedCrashException>(() =>
            h.NewRuntime(store: doomed).Client.ScheduleNewOrchestrationInstanceAsync("Plan", "EHC-3", new StartOrchestrationOptions("plan-3")));

        Assert.Equal(0, h.CallsTo("Register"));
        var kept = await store.GetInstanceAsync("plan-3", default);
        Assert.Equal(stored, kept is not null);
        if (!stored)
        {
            return; // the caller saw the start fail and starts it again, as after a failed create
        }

        Assert.NotNull(kept!.Record.LeaseOwner); // leased for the activity its first episode scheduled
        var survivor = h.NewRuntime();
        await survivor.AdvanceToAsync(Harness.Start + Week + TimeSpan.FromMinutes(2));

        var done = await survivor.Client.GetInstanceAsync("plan-3", getInputsAndOutputs: true);
        Assert.Equal("registered EHC-3 then a week", done!.ReadOutputAs<string>());
        Assert.Equal(1, h.CallsTo("Register"));
    }
}

public sealed class InMemoryFirstEpisodeAtStartTests : FirstEpisodeAtStartTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => Task.FromResult<IOrchestrationStore>(new InMemoryOrchestrationStore());
}

[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableFirstEpisodeAtStartTests(AzuriteFixture azurite) : FirstEpisodeAtStartTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => AzureStores.CreateAsync(azurite);
}
