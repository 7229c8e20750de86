using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Runtime.Tests;

[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;

[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableRuntimeBehaviourTests(AzuriteFixture azurite) : RuntimeBehaviourTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => AzureStores.CreateAsync(azurite);

    /// <summary>Overwrites the first history row with text that is not JSON, as a damaged row would read back.</summary>
    protected override async Task CorruptHistoryAsync(IOrchestrationStore store, string instanceId)
    {
        var table = ((AzureTableOrchestrationStore)store).TableForTesting;
        var row = await table.GetEntityAsync<TableEntity>(instanceId, InstanceRowKeys.History(instanceId, 0, 0));
        row.Value["Body"] = "{\"$type\":\"TaskScheduled\",";
        await table.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace);
    }
}

/// <summary>The same semantics on the table store when a new instance is started with its first episode (ADR 0133).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class FirstEpisodeAtStartAzureTableRuntimeBehaviourTests(AzuriteFixture azurite) : RuntimeBehaviourTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => AzureStores.CreateAsync(azurite);

    protected override bool FirstEpisodeAtStart => true;

    protected override async Task CorruptHistoryAsync(IOrchestrationStore store, string instanceId)
    {
        var table = ((AzureTableOrchestrationStore)store).TableForTesting;
        var row = await table.GetEntityAsync<TableEntity>(instanceId, InstanceRowKeys.History(instanceId, 0, 0));
        row.Value["Body"] = "{\"$type\":\"TaskScheduled\",";
        await table.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace);
    }
}

/// <summary>What only the table store can suffer: rows damaged outside the runtime.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_unreadable_inbox_row_fails_its_instance_clearly_keeps_the_row_and_others_carry_on()
    {
        var store = (AzureTableOrchestrationStore)await AzureStores.CreateAsync(azurite);
        await using var h = new Harness(store);
        h.Orchestrator<string, string>("Wait", (ctx, _) => ctx.WaitForExternalEvent<string>("Go"));
        var runtime = h.NewRuntime();
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "x", new StartOrchestrationOptions("damaged"));
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Wait", "x", new StartOrchestrationOptions("healthy"));
        await runtime.RunUntilIdleAsync();
        await runtime.Client.RaiseEventAsync("damaged", "Go", "done");
        await runtime.Client.RaiseEventAsync("healthy", "Go", "done");
        var table = store.TableForTesting;
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == "damaged"))
        {
            if (row.RowKey.StartsWith("m|", StringComparison.Ordinal))
            {
                row["Body"] = "not json";
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
            }
        }

        await runtime.RunUntilIdleAsync();

        var failed = await runtime.Client.GetInstanceAsync("damaged");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed!.RuntimeStatus);
        Assert.True(failed.FailureDetails!.IsCausedBy<CorruptHistoryException>());
        Assert.Contains("'m|damaged%|event|client|", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runtime.Client.GetInstanceAsync("healthy"))!.RuntimeStatus);
        var kept = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "damaged").ToListAsync();
        Assert.Contains(kept, r => r.GetString("Body") == "not json");
    }
}

/// <summary>Trimming an old generation's history races the next generation's trim, since the commit returns the lease.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class HistoryTrimTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_generation_commit_stands_when_another_trim_deletes_old_history_rows_first()
    {
        var hub = azurite.NewTableName("hub");
        // The first query for old history rows: the trim's.
        var interference = new AfterRequest(request => request.Method == RequestMethod.Get
            && Uri.UnescapeDataString(request.Uri.ToString()).Contains("RowKey lt 'h|", StringComparison.Ordinal));
        var store = new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(interference), hub);
        await store.CreateIfNotExistsAsync();
        var other = new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(), hub).TableForTesting;
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var record = new InstanceRecord { InstanceId = "weekly", Name = "Loop", CreatedAt = now, LastUpdatedAt = now };
        Assert.True(await store.TryCreateInstanceAsync(record, new InboxMessage("start|0", now, new ExecutionStarted("Loop", null)), CancellationToken.None));
        var work = await store.LoadWorkAsync("weekly", includeHistory: false, CancellationToken.None);
        var running = work!.Instance.Record with { Status = OrchestrationRuntimeStatus.Running };
        var etag = await store.CommitAsync(new InstanceCommit(work.Instance.ETag, running with { HistoryCount = 1 })
        {
            AppendHistory = [new ExecutionStarted("Loop", null)],
            RemoveMessageIds = ["start|0"],
        }, CancellationToken.None);
        etag = await store.CommitAsync(new InstanceCommit(etag, running with { HistoryCount = 2 })
        {
            AppendHistory = [new TimerFired(0, now)],
        }, CancellationToken.None);

        // Between this trim's query and its delete, someone else deletes one of the rows it found.
        interference.Then = () => other.DeleteEntityAsync("weekly", InstanceRowKeys.History("weekly", 0, 0));
        var next = await store.CommitAsync(new InstanceCommit(etag, running with { Generation = 1, HistoryCount = 1 })
        {
            AppendHistory = [new ExecutionStarted("Loop", "1")],
        }, CancellationToken.None);

        Assert.True(interference.Fired);
        Assert.False(string.IsNullOrEmpty(next));
        var historyRows = await other.QueryAsync<TableEntity>(e => e.PartitionKey == "weekly")
            .Where(r => r.RowKey.StartsWith("h|", StringComparison.Ordinal)).Select(r => r.RowKey).ToListAsync();
        Assert.Equal([InstanceRowKeys.History("weekly", 1, 0)], historyRows);
        var reloaded = await store.LoadWorkAsync("weekly", includeHistory: true, CancellationToken.None);
        Assert.Equal(1, reloaded!.Instance.Record.Generation);
        Assert.Single(reloaded.History!);
    }
}

/// <summary>The wake index: due work is found through hints, which are kept in step, cleaned and, if lost, restored.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class WakeHintTests(AzuriteFixture azurite)
{
    static Harness WithTimerWorkflow(IOrchestrationStore store)
    {
        var h = new Harness(store);
        h.Orchestrator<int, string>("Nap", async (ctx, days) =>
        {
            await ctx.CreateTimer(TimeSpan.FromDays(days), CancellationToken.None);
            var go = await ctx.WaitForExternalEvent<string>("Go");
            await ctx.CreateTimer(TimeSpan.FromDays(days), CancellationToken.None);
            return go;
        });
        return h;
    }

    async Task<(TableServiceClient Client, string Hub, AzureTableOrchestrationStore Store)> NewStoreAsync()
    {
        var client = azurite.CreateTableServiceClient();
        var hub = azurite.NewTableName("hub");
        var store = new AzureTableOrchestrationStore(client, hub);
        await store.CreateIfNotExistsAsync();
        return (client, hub, store);
    }

    static async Task<List<string>> HintKeysAsync(TableServiceClient client, string hub)
    {
        var keys = new List<string>();
        await foreach (var row in client.GetTableClient(hub + "Wakes").QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    [Fact]
    public async Task Failed_instances_are_listed_from_their_index_which_the_first_scan_fills_and_readers_keep_true()
    {
        var (client, hub, store) = await NewStoreAsync();
        await using var h = new Harness(store);
        h.Orchestrator<int, int>("Fails", (_, n) => n % 2 == 0 ? throw new InvalidOperationException($"bad {n}") : Task.FromResult(n));
        var runtime = h.NewRuntime();
        for (var i = 1; i <= 4; i++)
        {
            await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Fails", i, new StartOrchestrationOptions($"run-{i}"));
        }

        await runtime.RunUntilIdleAsync();
        var index = client.GetTableClient(hub + "Failed");
        async Task<List<string>> IndexedAsync()
        {
            var keys = new List<string>();
            await foreach (var row in index.QueryAsync<TableEntity>(select: ["RowKey"]))
            {
                keys.Add(row.RowKey);
            }

            return keys;
        }

        async Task<List<string>> FailedAsync(AzureTableOrchestrationStore from)
        {
            var ids = new List<string>();
            await foreach (var record in from.QueryInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Failed]), CancellationToken.None))
            {
                ids.Add(record.InstanceId);
            }

            return ids;
        }

        Assert.Equal(["run-2", "run-4"], (await IndexedAsync()).Order(StringComparer.Ordinal)); // written with the failing commits

        // A store of before the index: no rows. The first list scans the instances and fills the index; the next reads it.
        foreach (var key in await IndexedAsync())
        {
            await index.DeleteEntityAsync("failed", key);
        }

        var upgraded = new AzureTableOrchestrationStore(client, hub);
        Assert.Equal(["run-2", "run-4"], await FailedAsync(upgraded));
        Assert.Equal(["run-2", "run-4", "~complete"], (await IndexedAsync()).Order(StringComparer.Ordinal));
        var scans = upgraded.StorageQueries;
        Assert.Equal(["run-2", "run-4"], await FailedAsync(upgraded));
        Assert.Equal(scans, upgraded.StorageQueries); // no scan of the instances table

        // A row whose instance is not failed (a commit that never landed, an instance purged) is dropped by the reader.
        await index.UpsertEntityAsync(new TableEntity("failed", "run-1"));
        await runtime.Client.PurgeInstanceAsync("run-4");
        Assert.Equal(["run-2"], await FailedAsync(upgraded));
        Assert.Equal(["run-2", "~complete"], (await IndexedAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(["run-2"], (await runtime.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Failed])).ToListAsync()).Select(i => i.InstanceId));
    }

    [Fact]
    public async Task Each_waiting_instance_keeps_exactly_one_hint_at_its_wake_time_and_finished_ones_none()
    {
        var (client, hub, store) = await NewStoreAsync();
        await using var h = WithTimerWorkflow(store);
        var runtime = h.NewRuntime();
        for (var i = 1; i <= 3; i++)
        {
            await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Nap", i, new StartOrchestrationOptions($"nap-{i}"));
        }

        await runtime.RunUntilIdleAsync();
        var napping = await HintKeysAsync(client, hub);
        Assert.Equal(
            Enumerable.Range(1, 3).Select(i => WakeHintTable.Key(Harness.Start.AddDays(i).UtcTicks, $"nap-{i}")).Order(StringComparer.Ordinal),
            napping.Order(StringComparer.Ordinal));

        await runtime.AdvanceToAsync(Harness.Start.AddDays(10));
        Assert.Empty(await HintKeysAsync(client, hub)); // all three wait for an event only

        await runtime.Client.RaiseEventAsync("nap-2", "Go", "up");
        await runtime.AdvanceToAsync(Harness.Start.AddDays(20));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runtime.Client.GetInstanceAsync("nap-2"))!.RuntimeStatus);
        Assert.Empty(await HintKeysAsync(client, hub));
    }

    [Fact]
    public async Task A_lost_hint_is_restored_by_the_first_look_for_work_so_the_timer_still_fires_on_time()
    {
        var (client, hub, store) = await NewStoreAsync();
        await using var h = WithTimerWorkflow(store);
        await h.NewRuntime().Client.ScheduleNewOrchestrationInstanceAsync("Nap", 2, new StartOrchestrationOptions("lost"));
        await h.NewRuntime().RunUntilIdleAsync();
        var wakes = client.GetTableClient(hub + "Wakes");
        await foreach (var row in wakes.QueryAsync<TableEntity>())
        {
            await wakes.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        // A restarted process on the same tables: its first look for work checks every instance row.
        var restarted = new AzureTableOrchestrationStore(client, hub);
        var runtime = h.NewRuntime(store: restarted);
        await runtime.AdvanceToAsync(Harness.Start.AddDays(2).AddMinutes(1));

        Assert.Equal(1, restarted.HintsRepaired);
        var status = await runtime.Client.GetInstanceAsync("lost");
        Assert.Equal(OrchestrationRuntimeStatus.Running, status!.RuntimeStatus);
        Assert.Empty(await HintKeysAsync(client, hub)); // the timer fired and the instance now waits for its event
    }

    [Fact]
    public async Task Spare_hints_are_never_work_and_are_deleted_once_their_instance_was_written_after_them()
    {
        var (client, hub, store) = await NewStoreAsync();
        await using var h = WithTimerWorkflow(store);
        var runtime = h.NewRuntime();
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Nap", 5, new StartOrchestrationOptions("real"));
        await runtime.RunUntilIdleAsync();

        // As a process that died after writing hints but before the instance writes they were for would leave them:
        var wakes = client.GetTableClient(hub + "Wakes");
        var early = WakeHintTable.Key(Harness.Start.AddHours(-1).UtcTicks, "real");
        await wakes.UpsertEntityAsync(new TableEntity("wake", early));
        await wakes.UpsertEntityAsync(new TableEntity("wake", WakeHintTable.Key(Harness.Start.AddHours(-1).UtcTicks, "never-created")));
        var instanceRow = await store.TableForTesting.GetEntityAsync<TableEntity>("real", InstanceRowKeys.Instance("real"));
        await store.TableForTesting.UpdateEntityAsync(instanceRow.Value, instanceRow.Value.ETag, TableUpdateMode.Merge); // written after the spare hint

        Assert.Empty(await store.FindDueInstancesAsync(h.Clock.GetUtcNow(), 10, CancellationToken.None));
        Assert.Equal(Harness.Start.AddDays(5), await store.GetNextWakeAsync(CancellationToken.None));
        var left = await HintKeysAsync(client, hub);
        Assert.DoesNotContain(early, left);
        Assert.Contains(WakeHintTable.Key(Harness.Start.AddDays(5).UtcTicks, "real"), left);
        Assert.Contains(left, k => k.EndsWith("|never-created", StringComparison.Ordinal)); // young: its create may be on the way
    }
}

[Collection(AzuriteFixture.Collection)]
public sealed class AzureTableDurabilityTests(AzuriteFixture azurite) : DurabilityTests
{
    protected override Task<IOrchestrationStore> CreateStoreAsync() => AzureStores.CreateAsync(azurite);

    // Every write is a round trip to Azurite: try a spread of crash points across the whole scenario.
    protected override IEnumerable<int> CrashPoints => Enumerable.Range(1, 80).Where(n => n <= 12 || n % 3 == 0);
}

static class AzureStores
{
    public static async Task<IOrchestrationStore> CreateAsync(AzuriteFixture azurite)
    {
        var store = new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(), azurite.NewTableName("hub"));
        await store.CreateIfNotExistsAsync();
        return store;
    }

    /// <summary>Two stores on one new hub; the first has created <paramref name="instanceId"/> with its start message due at <paramref name="now"/>.</summary>
    public static async Task<(AzureTableOrchestrationStore First, AzureTableOrchestrationStore Second)> TwoWithInstanceAsync(AzuriteFixture azurite, string instanceId, DateTimeOffset now)
    {
        var hub = azurite.NewTableName("hub");
        var first = new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(), hub);
        await first.CreateIfNotExistsAsync();
        var record = new InstanceRecord { InstanceId = instanceId, Name = "Wait", CreatedAt = now, LastUpdatedAt = now };
        Assert.True(await first.TryCreateInstanceAsync(record, new InboxMessage("start|0", now, new ExecutionStarted("Wait", null)), CancellationToken.None));
        return (first, new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(), hub));
    }
}

/// <summary>A store serves a partition it wrote last from memory, checked by the instance row's ETag (ADR 0121).</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class KnownPartitionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_partition_this_store_wrote_last_loads_without_a_query_and_another_writer_makes_it_read_again()
    {
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var (first, second) = await AzureStores.TwoWithInstanceAsync(azurite, "known", now);

        var queries = first.StorageQueries;
        var fromMemory = await first.LoadWorkAsync("known", includeHistory: false, CancellationToken.None);
        Assert.Equal(queries, first.StorageQueries);
        Assert.Equal(["start|0"], fromMemory!.Messages.Select(m => m.Id));

        // The first store commits an episode (consumes the start, schedules an activity); a second store then delivers an event.
        var etag = await first.CommitAsync(new InstanceCommit(fromMemory.Instance.ETag, fromMemory.Instance.Record with { Status = OrchestrationRuntimeStatus.Running, HistoryCount = 1 })
        {
            AppendHistory = [new ExecutionStarted("Wait", null)],
            RemoveMessageIds = ["start|0"],
            AddActivities = [new ActivityWorkItem("a|1", 0, 1, "Touch", null)],
        }, CancellationToken.None);
        var afterCommit = await first.LoadWorkAsync("known", includeHistory: false, CancellationToken.None);
        Assert.Equal(queries, first.StorageQueries);
        Assert.Equal(etag, afterCommit!.Instance.ETag);
        Assert.Empty(afterCommit.Messages);
        Assert.Equal(["a|1"], afterCommit.Activities.Select(a => a.Id));

        Assert.True(await second.DeliverAsync("known", new InboxMessage("event|1", now, new EventRaised("Go", "\"yes\"")), CancellationToken.None));
        var afterDelivery = await first.LoadWorkAsync("known", includeHistory: false, CancellationToken.None);
        Assert.Equal(queries + 1, first.StorageQueries);
        Assert.Equal(["event|1"], afterDelivery!.Messages.Select(m => m.Id));
        Assert.Equal(["a|1"], afterDelivery.Activities.Select(a => a.Id));
        Assert.NotEqual(etag, afterDelivery.Instance.ETag);
    }
}

/// <summary>The pick-up leases under the row the hint check just read, instead of reading it again.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class DueRowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_due_instance_is_taken_up_from_the_row_its_hint_check_read_once_and_a_change_since_fails_the_lease()
    {
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var (store, other) = await AzureStores.TwoWithInstanceAsync(azurite, "due", now);

        var reads = store.StoragePointReads;
        Assert.Equal(["due"], await store.FindDueInstancesAsync(now, 10, CancellationToken.None));
        Assert.Equal(reads + 1, store.StoragePointReads); // the hint check's
        var picked = await store.GetDueInstanceAsync("due", CancellationToken.None);
        Assert.Equal(reads + 1, store.StoragePointReads);
        Assert.Equal(("due", now), (picked!.Record.InstanceId, picked.Record.WakeAt));
        Assert.Equal((await other.GetInstanceAsync("due", CancellationToken.None))!.ETag, picked.ETag);

        // Taken once: the next asks the table.
        await store.GetDueInstanceAsync("due", CancellationToken.None);
        Assert.Equal(reads + 2, store.StoragePointReads);

        // A write by another between the hint check and the pick-up: the lease under the row read fails on its ETag.
        await store.FindDueInstancesAsync(now, 10, CancellationToken.None);
        Assert.True(await other.DeliverAsync("due", new InboxMessage("event|1", now, new EventRaised("Go", "\"yes\"")), CancellationToken.None));
        var stale = await store.GetDueInstanceAsync("due", CancellationToken.None);
        await Assert.ThrowsAsync<OrchestrationConcurrencyException>(() => store.CommitAsync(
            new InstanceCommit(stale!.ETag, stale.Record with { LeaseOwner = "worker-1", LeaseUntil = now.AddMinutes(1) }), CancellationToken.None));
    }

    [Fact]
    public async Task A_partition_this_store_wrote_is_loaded_after_its_pick_up_from_the_row_the_hint_check_read_and_a_change_since_fails_the_commit()
    {
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var (store, other) = await AzureStores.TwoWithInstanceAsync(azurite, "taken", now);

        var reads = store.StoragePointReads;
        await store.FindDueInstancesAsync(now, 10, CancellationToken.None);
        var picked = await store.GetDueInstanceAsync("taken", CancellationToken.None);
        var work = await store.LoadWorkAsync("taken", includeHistory: false, CancellationToken.None);
        Assert.Equal(reads + 1, store.StoragePointReads); // the hint check's alone: the load read the row again before ADR 0133
        Assert.Equal(picked!.ETag, work!.Instance.ETag);
        Assert.Equal(["start|0"], work.Messages.Select(m => m.Id));

        // A write by another between the hint check and the load: the load answers from the row read, and the commit fails on its ETag.
        await store.FindDueInstancesAsync(now, 10, CancellationToken.None);
        await store.GetDueInstanceAsync("taken", CancellationToken.None);
        Assert.True(await other.DeliverAsync("taken", new InboxMessage("event|1", now, new EventRaised("Go", "\"yes\"")), CancellationToken.None));
        var stale = await store.LoadWorkAsync("taken", includeHistory: false, CancellationToken.None);
        Assert.Equal(["start|0"], stale!.Messages.Select(m => m.Id));
        await Assert.ThrowsAsync<OrchestrationConcurrencyException>(() => store.CommitAsync(
            new InstanceCommit(stale.Instance.ETag, stale.Instance.Record with { LeaseOwner = "worker-1", LeaseUntil = now.AddMinutes(1) }), CancellationToken.None));
        var fresh = await store.LoadWorkAsync("taken", includeHistory: false, CancellationToken.None);
        Assert.Equal(["event|1", "start|0"], fresh!.Messages.Select(m => m.Id).Order(StringComparer.Ordinal));
    }
}

/// <summary>
/// A delivery and the processor write one instance from one process at once (an event posted while the instance's
/// step runs): whichever order their writes and hint clean-ups take, the row's wake keeps its hint (ADR 0129).
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ConcurrentWriterHintTests(AzuriteFixture azurite)
{
    static readonly DateTimeOffset Now = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Later = Now.AddDays(30);

    [Fact]
    public async Task An_event_delivered_between_a_commit_and_its_hint_clean_up_keeps_the_hint_its_wake_needs()
    {
        var hub = azurite.NewTableName("hub");
        var afterCommit = new AfterRequest(request => request.Method == RequestMethod.Post && request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal));
        var store = new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(afterCommit), hub);
        await store.CreateIfNotExistsAsync();
        Assert.Empty(await store.FindDueInstancesAsync(Now, 10, CancellationToken.None)); // the first look's hint repair is behind us
        var record = new InstanceRecord { InstanceId = "assessment:J-A1", Name = "Assess", CreatedAt = Now, LastUpdatedAt = Now };
        Assert.True(await store.TryCreateInstanceAsync(record, new InboxMessage("start|0", Now, new ExecutionStarted("Assess", null)), CancellationToken.None));
        var work = await store.LoadWorkAsync("assessment:J-A1", includeHistory: false, CancellationToken.None);

        // The processor's step ends with a timer 30 days on; its commit is stored, and before the processor cleans up
        // the hint of the wake it replaced, the case's next event is delivered in this process (due now).
        afterCommit.Then = () => store.DeliverAsync("assessment:J-A1", new InboxMessage("event|adv", Now, new EventRaised("AdviceRequested", null)), CancellationToken.None);
        await store.CommitAsync(new InstanceCommit(work!.Instance.ETag, work.Instance.Record with { Status = OrchestrationRuntimeStatus.Running, HistoryCount = 1, WakeAt = Later })
        {
            AppendHistory = [new ExecutionStarted("Assess", null)],
            RemoveMessageIds = ["start|0"],
            AddMessages = [new InboxMessage("timer|0|1", Later, new TimerFired(1, Later), 0)],
        }, CancellationToken.None);

        Assert.True(afterCommit.Fired);
        var row = await store.GetInstanceAsync("assessment:J-A1", CancellationToken.None);
        Assert.Equal(Now, row!.Record.WakeAt);
        Assert.Equal(["assessment:J-A1"], await store.FindDueInstancesAsync(Now, 10, CancellationToken.None));
        Assert.Equal(Now, await store.GetNextWakeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_step_that_keeps_its_wake_reuses_the_hint_this_store_wrote_and_a_delivery_that_keeps_it_too()
    {
        var hub = azurite.NewTableName("hub");
        var store = new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(), hub);
        await store.CreateIfNotExistsAsync();
        var record = new InstanceRecord { InstanceId = "steady", Name = "Assess", CreatedAt = Now, LastUpdatedAt = Now };
        Assert.True(await store.TryCreateInstanceAsync(record, new InboxMessage("start|0", Now, new ExecutionStarted("Assess", null)), CancellationToken.None));
        var work = await store.LoadWorkAsync("steady", includeHistory: false, CancellationToken.None);

        var writes = store.StorageWrites;
        var etag = await store.CommitAsync(new InstanceCommit(work!.Instance.ETag, work.Instance.Record with { LeaseOwner = "w", LeaseUntil = Now.AddMinutes(1) }), CancellationToken.None);
        Assert.Equal(writes + 1, store.StorageWrites); // the lease: the wake and its hint stay

        Assert.True(await store.DeliverAsync("steady", new InboxMessage("event|1", Later, new EventRaised("Go", null)), CancellationToken.None));
        var reloaded = await store.LoadWorkAsync("steady", includeHistory: false, CancellationToken.None);
        writes = store.StorageWrites;
        await store.CommitAsync(new InstanceCommit(reloaded!.Instance.ETag, reloaded.Instance.Record with { HistoryCount = 0 }), CancellationToken.None);
        Assert.Equal(writes + 1, store.StorageWrites); // a delivery that left the wake where it was left its hint reusable
        Assert.NotEqual(etag, reloaded.Instance.ETag);
        Assert.Equal(["steady"], await store.FindDueInstancesAsync(Now.AddMinutes(1), 10, CancellationToken.None)); // once the lease is up
    }
}

/// <summary>Runs <see cref="Then"/> once, after the response to the next request that matches, before its caller resumes.</summary>
sealed class AfterRequest(Func<Request, bool> matches) : HttpPipelinePolicy
{
    public Func<Task>? Then { get; set; }

    public bool Fired { get; private set; }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        if (Then is { } then && matches(message.Request))
        {
            Then = null;
            await then();
            Fired = true;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The store is asynchronous.");
}
