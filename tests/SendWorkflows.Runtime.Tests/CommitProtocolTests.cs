using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// How many commits a step takes and what may happen between them (ADR 0130): a pick-up writes no lease of its own,
/// an activity's result goes to the store with the episode it wakes, and the lease is given back in the last commit.
/// Run against every leased store by the subclasses, on the virtual clock.
/// </summary>
public abstract class CommitProtocolTests
{
    protected abstract Task<IOrchestrationStore> CreateStoreAsync();

    static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>"Plan": registers the plan (an activity), then waits a week for its first step, then ends.</summary>
    internal static void RegisterPlan(Harness h) =>
        h.Orchestrator<string, string>("Plan", async (ctx, id) =>
            {
                var registered = await ctx.CallActivityAsync<string>("Register", id);
                await ctx.CreateTimer(TimeSpan.FromDays(7), CancellationToken.None);
                return $"{registered} then a week";
            })
            .Activity<string, string>("Register", (_, id) => Task.FromResult($"registered {id}"));

    [Fact]
    public async Task A_new_instance_that_runs_an_activity_then_waits_is_written_in_two_commits_after_its_creation()
    {
        var store = new ObservedStore(await CreateStoreAsync());
        await using var h = new Harness(store);
        RegisterPlan(h);
        var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { WorkerId = "worker" });
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Plan", "EHC-1", new StartOrchestrationOptions("plan-1"));

        await runtime.RunUntilIdleAsync();

        // Before ADR 0130 four: the lease, the first episode, the result, the second episode.
        Assert.Collection(store.Commits,
            first =>
            {
                Assert.Single(first.AddActivities); // the first episode, which takes the lease for its activity
                Assert.Equal("worker", first.Record.LeaseOwner);
            },
            second =>
            {
                Assert.Single(second.RemoveActivityIds); // the result goes with the episode it wakes
                Assert.NotEmpty(second.AppendHistory);
                Assert.Empty(second.RemoveMessageIds); // the result was consumed before it was ever written
                Assert.Null(second.Record.LeaseOwner); // and the lease goes back with them: nothing is due until the timer
                Assert.Equal(Harness.Start + Week, second.Record.WakeAt);
            });

        await runtime.AdvanceToAsync(Harness.Start + Week);

        Assert.Equal(3, store.Commits.Count); // the timer's episode alone: no lease, no release
        var done = await runtime.Client.GetInstanceAsync("plan-1", getInputsAndOutputs: true);
        Assert.Equal("registered EHC-1 then a week", done!.ReadOutputAs<string>());
        Assert.Equal(1, h.CallsTo("Register"));
    }

    [Fact]
    public async Task An_event_raised_after_the_last_episode_ran_but_before_its_commit_fails_that_commit_and_is_worked_at_once()
    {
        var store = new ObservedStore(await CreateStoreAsync());
        await using var h = new Harness(store);
        h.Orchestrator<string, string>("Await", async (ctx, _) =>
        {
            var answer = await ctx.WaitForExternalEvent<string>("Answer");
            return $"answered {answer}";
        });
        var runtime = h.NewRuntime();
        var outside = h.NewRuntime(store: store.Inner).Client; // a client in another process
        var id = await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Await", "x");
        store.BeforeCommit = async commit =>
        {
            if (commit.Record.LeaseOwner is null && commit.Record.WakeAt is null)
            {
                store.BeforeCommit = null; // the commit that gives the instance back: the event comes just before it
                await outside.RaiseEventAsync(id, "Answer", "yes");
            }
        };

        await runtime.RunUntilIdleAsync();

        // No time passed: the commit failed on the ETag, the runtime read the instance again and applied the event.
        var done = await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
        Assert.Equal("answered yes", done.ReadOutputAs<string>());
        Assert.Equal(1, store.Conflicts);
    }

    [Fact]
    public async Task A_runtime_that_loses_the_instance_to_another_before_its_first_commit_stops_before_the_activity()
    {
        var store = new ObservedStore(await CreateStoreAsync());
        await using var h = new Harness(store);
        RegisterPlan(h);
        var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { WorkerId = "late" });
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Plan", "EHC-2", new StartOrchestrationOptions("plan-2"));
        store.BeforeCommit = async commit =>
        {
            // Another runtime takes the instance after this one read it: it leases it under the ETag of that moment.
            store.BeforeCommit = null;
            var row = await store.Inner.GetInstanceAsync(commit.InstanceId, CancellationToken.None);
            await store.Inner.CommitAsync(new InstanceCommit(row!.ETag, row.Record with { LeaseOwner = "early", LeaseUntil = h.Clock.GetUtcNow().AddMinutes(1) }), CancellationToken.None);
        };

        await runtime.RunUntilIdleAsync();

        Assert.Equal(0, h.CallsTo("Register"));
        Assert.Equal(1, store.Conflicts);
        var taken = await store.Inner.GetInstanceAsync("plan-2", CancellationToken.None);
        Assert.Equal(("early", 0), (taken!.Record.LeaseOwner, taken.Record.HistoryCount));

        // The other runtime dies; its lease runs out and this one does the work, the activity once.
        await runtime.AdvanceToAsync(Harness.Start.AddMinutes(2));

        Assert.Equal(1, h.CallsTo("Register"));
        var waiting = await store.Inner.GetInstanceAsync("plan-2", CancellationToken.None);
        Assert.Equal((OrchestrationRuntimeStatus.Running, null), (waiting!.Record.Status, waiting.Record.LeaseOwner));
    }

    [Theory]
    [InlineData(true, 1)]  // stored before the crash: the result is kept with the episode, the activity never runs again
    [InlineData(false, 2)] // lost with the crash: the activity runs again, at least once as ever
    public async Task A_crash_at_the_commit_that_carries_an_activitys_result_keeps_or_loses_result_and_episode_together(bool stored, int registerRuns)
    {
        var store = await CreateStoreAsync();
        await using var h = new Harness(store);
        RegisterPlan(h);
        var client = h.NewRuntime().Client;
        await client.ScheduleNewOrchestrationInstanceAsync("Plan", "EHC-3", new StartOrchestrationOptions("plan-3"));
        var doomed = new ObservedStore(store) { CrashAt = commit => commit.RemoveActivityIds.Count > 0, CrashAfterWrite = stored };

        await Assert.ThrowsAsync<SimulatedCrashException>(() => h.NewRuntime(store: doomed).RunUntilIdleAsync());
        var crashedAt = Assert.Single(doomed.Commits, c => c.RemoveActivityIds.Count > 0);
        Assert.NotEmpty(crashedAt.AppendHistory); // the result and its episode were one transaction

        var survivor = h.NewRuntime();
        await survivor.AdvanceToAsync(Harness.Start + Week + TimeSpan.FromMinutes(2));

        var done = await client.GetInstanceAsync("plan-3", getInputsAndOutputs: true);
        Assert.Equal("registered EHC-3 then a week", done!.ReadOutputAs<string>());
        Assert.Equal(registerRuns, h.CallsTo("Register"));
    }

    [Fact]
    public async Task An_instance_taken_up_from_an_older_row_with_nothing_due_now_is_left_without_a_write()
    {
        var store = new ObservedStore(await CreateStoreAsync());
        await using var h = new Harness(store);
        RegisterPlan(h);
        var runtime = h.NewRuntime();
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Plan", "EHC-5", new StartOrchestrationOptions("plan-5"));
        var asCreated = await store.Inner.GetInstanceAsync("plan-5", CancellationToken.None);
        await runtime.RunUntilIdleAsync();
        var commits = store.Commits.Count;

        store.OlderRow = asCreated; // the next look for work names it from the row as it was when it was due
        await runtime.RunUntilIdleAsync();

        Assert.Null(store.OlderRow); // it was taken up
        Assert.Equal(commits, store.Commits.Count); // before ADR 0130 a lease commit, failing on the ETag
        Assert.Equal(1, h.CallsTo("Register"));
    }

    [Fact]
    public async Task A_step_that_fails_without_a_lease_leaves_the_instance_leased_so_it_is_tried_again_when_the_lease_runs_out()
    {
        var store = new ObservedStore(await CreateStoreAsync());
        await using var h = new Harness(store);
        RegisterPlan(h);
        var runtime = h.NewRuntime(new EmbeddedRuntimeOptions { WorkerId = "worker" });
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Plan", "EHC-4", new StartOrchestrationOptions("plan-4"));
        store.BeforeCommit = _ =>
        {
            store.BeforeCommit = null;
            throw new InvalidOperationException("one step would write too many rows");
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.RunUntilIdleAsync());
        var held = await store.Inner.GetInstanceAsync("plan-4", CancellationToken.None);
        Assert.Equal(("worker", Harness.Start + runtime.Options.LeaseDuration), (held!.Record.LeaseOwner, held.Record.LeaseUntil));

        // Not tried again at once (a step that always fails would be run over and over)...
        var commits = store.Commits.Count;
        await runtime.RunUntilIdleAsync();
        Assert.Equal(commits, store.Commits.Count);

        // ...but once the lease has run out.
        await runtime.AdvanceToAsync(Harness.Start.AddMinutes(2));
        Assert.Equal(1, h.CallsTo("Register"));
    }
}

public sealed class InMemoryCommitProtocolTests : CommitProtocolTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => Task.FromResult<IOrchestrationStore>(new InMemoryOrchestrationStore());
}

[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableCommitProtocolTests(AzuriteFixture azurite) : CommitProtocolTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => AzureStores.CreateAsync(azurite);
}

/// <summary>
/// Records the commits that reach a store (and those that failed on the ETag), and lets a test act just before one
/// (another writer's move) or crash at one, before it is stored or after.
/// </summary>
sealed class ObservedStore(IOrchestrationStore inner) : IOrchestrationStore
{
    readonly Lock gate = new();
    readonly List<InstanceCommit> commits = [];
    int conflicts;

    public IOrchestrationStore Inner => inner;

    /// <summary>The commits attempted, in order (those that failed included).</summary>
    public IReadOnlyList<InstanceCommit> Commits
    {
        get
        {
            lock (gate)
            {
                return [.. commits];
            }
        }
    }

    public int Conflicts => Volatile.Read(ref conflicts);

    public Func<InstanceCommit, Task>? BeforeCommit { get; set; }

    /// <summary>The process dies at the first commit this matches; every write after it fails too.</summary>
    public Func<InstanceCommit, bool>? CrashAt { get; init; }

    public bool CrashAfterWrite { get; init; }

    bool crashed;

    public async Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellation)
    {
        if (crashed)
        {
            throw new SimulatedCrashException();
        }

        lock (gate)
        {
            commits.Add(commit);
        }

        if (BeforeCommit is { } before)
        {
            await before(commit);
        }

        if (CrashAt?.Invoke(commit) == true)
        {
            crashed = true;
            if (CrashAfterWrite)
            {
                await inner.CommitAsync(commit, cancellation);
            }

            throw new SimulatedCrashException();
        }

        try
        {
            return await inner.CommitAsync(commit, cancellation);
        }
        catch (OrchestrationConcurrencyException)
        {
            Interlocked.Increment(ref conflicts);
            throw;
        }
    }

    /// <summary>Instances created the usual way (a start message stored for the worker to find).</summary>
    public int Creates => Volatile.Read(ref creates);

    int creates;

    public Task<bool> TryCreateInstanceAsync(InstanceRecord instance, InboxMessage startMessage, CancellationToken cancellation)
    {
        Interlocked.Increment(ref creates);
        return crashed ? throw new SimulatedCrashException() : inner.TryCreateInstanceAsync(instance, startMessage, cancellation);
    }

    public Task<bool> DeliverAsync(string instanceId, InboxMessage message, CancellationToken cancellation) =>
        crashed ? throw new SimulatedCrashException() : inner.DeliverAsync(instanceId, message, cancellation);

    public Task<StoredInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellation) => inner.GetInstanceAsync(instanceId, cancellation);

    /// <summary>A row as it was, which the next look for work names as due and the pick-up then gets (once).</summary>
    public StoredInstance? OlderRow { get; set; }

    public async Task<StoredInstance?> GetDueInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        if (OlderRow is { } older && older.Record.InstanceId == instanceId)
        {
            OlderRow = null;
            return older;
        }

        return await inner.GetDueInstanceAsync(instanceId, cancellation);
    }

    public Task<InstanceWork?> LoadWorkAsync(string instanceId, bool includeHistory, CancellationToken cancellation) =>
        inner.LoadWorkAsync(instanceId, includeHistory, cancellation);

    public async Task<IReadOnlyList<string>> FindDueInstancesAsync(DateTimeOffset now, int maxCount, CancellationToken cancellation)
    {
        var due = await inner.FindDueInstancesAsync(now, maxCount, cancellation);
        return OlderRow is { } older && !due.Contains(older.Record.InstanceId) ? [.. due, older.Record.InstanceId] : due;
    }

    public Task<DateTimeOffset?> GetNextWakeAsync(CancellationToken cancellation) => inner.GetNextWakeAsync(cancellation);

    public IAsyncEnumerable<InstanceRecord> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation) =>
        inner.QueryInstancesAsync(query, cancellation);

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation) => inner.PurgeInstanceAsync(instanceId, cancellation);
}
