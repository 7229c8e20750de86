using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// Instances stored in the first layout of the instances table (ADR 0002's row keys <c>!</c>, <c>m|id</c>, ...) move to
/// the current one when a store starts (ADR 0122): in flight, whatever the crash, and then carry on.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class FirstLayoutUpgradeTests(AzuriteFixture azurite)
{
    static readonly string LargeInput = new('x', 13_000); // over the inline limit: the record and start message go to overflow rows

    /// <summary>A workflow with every kind of state in flight: an activity done, a timer pending, then an event and a child.</summary>
    static Harness Workflows(IOrchestrationStore store)
    {
        var h = new Harness(store);
        h.Orchestrator<string, string>("Plan", async (ctx, input) =>
            {
                var echoed = await ctx.CallActivityAsync<string>("Echo", input.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await ctx.CreateTimer(TimeSpan.FromDays(2), CancellationToken.None);
                var go = await ctx.WaitForExternalEvent<string>("Go");
                var child = await ctx.CallSubOrchestratorAsync<string>("Child", go);
                return $"{echoed}/{go}/{child}";
            })
            .Orchestrator<string, string>("Child", (_, go) => Task.FromResult(go.ToUpperInvariant()))
            .Orchestrator<string, string>("Waits", async (ctx, _) => await ctx.WaitForExternalEvent<string>("Go"))
            .Activity<string, string>("Echo", (_, s) => Task.FromResult("echo " + s));
        return h;
    }

    /// <summary>Three instances mid-flight: two waiting on their timers (one with a large input), one waiting on an event.</summary>
    async Task<(TableServiceClient Client, string Hub)> InFlightInFirstLayoutAsync()
    {
        var client = azurite.CreateTableServiceClient();
        var hub = azurite.NewTableName("hub");
        var store = new AzureTableOrchestrationStore(client, hub);
        await store.CreateIfNotExistsAsync();
        await using var h = Workflows(store);
        var runtime = h.NewRuntime();
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Plan", "small", new StartOrchestrationOptions("plan-1"));
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Plan", LargeInput, new StartOrchestrationOptions("plan/2"));
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync("Waits", "", new StartOrchestrationOptions("waits"));
        await runtime.RunUntilIdleAsync();
        Assert.Equal(2, h.CallsTo("Echo"));
        await runtime.StopAsync(CancellationToken.None);
        await FirstLayout.RewriteAsync(client.GetTableClient(hub + "Instances"));
        return (client, hub);
    }

    /// <summary>A restarted process on the same tables (the upgrade runs as it starts), continuing every workflow to its end.</summary>
    static async Task FinishAsync(TableServiceClient client, string hub)
    {
        var store = new AzureTableOrchestrationStore(client, hub);
        await store.CreateIfNotExistsAsync();
        Assert.Empty(await FirstLayout.RowsAsync(client.GetTableClient(hub + "Instances")));
        await using var h = Workflows(store);
        var runtime = h.NewRuntime();
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await runtime.Client.GetInstanceAsync("plan/2"))!.RuntimeStatus);
        await runtime.AdvanceToAsync(Harness.Start.AddDays(3));
        foreach (var id in new[] { "plan-1", "plan/2", "waits" })
        {
            await runtime.Client.RaiseEventAsync(id, "Go", "go " + id);
        }

        await runtime.RunUntilIdleAsync();
        Assert.Equal(0, h.CallsTo("Echo")); // the activities done before the upgrade do not run again
        var outputs = new Dictionary<string, string?>();
        foreach (var id in new[] { "plan-1", "plan/2", "waits" })
        {
            var done = await runtime.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done!.RuntimeStatus);
            outputs[id] = done.ReadOutputAs<string>();
        }

        Assert.Equal("echo 5/go plan-1/GO PLAN-1", outputs["plan-1"]);
        Assert.Equal("echo 13000/go plan/2/GO PLAN/2", outputs["plan/2"]);
        Assert.Equal("go waits", outputs["waits"]);
        Assert.Equal(LargeInput, (await runtime.Client.GetInstanceAsync("plan/2", getInputsAndOutputs: true))!.ReadInputAs<string>());
    }

    [Fact]
    public async Task Instances_in_flight_in_the_first_layout_move_on_start_and_run_to_completion()
    {
        var (client, hub) = await InFlightInFirstLayoutAsync();
        var instances = client.GetTableClient(hub + "Instances");
        var firstLayout = await FirstLayout.RowsAsync(instances);
        Assert.Contains(firstLayout, r => r.RowKey == "!" && r.PartitionKey == "plan%2F2");
        Assert.Contains(firstLayout, r => r.RowKey.StartsWith("p|", StringComparison.Ordinal));
        Assert.Contains(firstLayout, r => r.RowKey.StartsWith("h|000000|", StringComparison.Ordinal));
        Assert.Contains(firstLayout, r => r.RowKey.StartsWith("m|timer|", StringComparison.Ordinal));

        // Before the upgrade the current layout sees nothing; the store's start moves every partition first.
        var store = new AzureTableOrchestrationStore(client, hub);
        await store.CreateIfNotExistsAsync();
        Assert.Equal(3, store.PartitionsUpgraded);
        var moved = await instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"plan%2F2"}")).Select(r => r.RowKey).ToListAsync();
        Assert.All(moved, key => Assert.StartsWith(key[0] == '!' ? "!plan%2F2%|" : key[..2] + "plan%2F2%|", key, StringComparison.Ordinal));
        Assert.Equal(firstLayout.Count(r => r.PartitionKey == "plan%2F2"), moved.Count);

        // A second start finds the marker and reads nothing else.
        var again = new AzureTableOrchestrationStore(client, hub);
        await again.CreateIfNotExistsAsync();
        Assert.Equal(0, again.PartitionsUpgraded);

        await FinishAsync(client, hub);
    }

    [Fact]
    public async Task Every_row_keeps_its_content_through_the_move()
    {
        var client = azurite.CreateTableServiceClient();
        var hub = azurite.NewTableName("hub");
        var store = new AzureTableOrchestrationStore(client, hub);
        await store.CreateIfNotExistsAsync();
        var now = Harness.Start;
        var record = new InstanceRecord { InstanceId = "stored", Name = "Plan", CreatedAt = now, LastUpdatedAt = now, Input = LargeInput };
        Assert.True(await store.TryCreateInstanceAsync(record, new InboxMessage("start|0", now, new ExecutionStarted("Plan", LargeInput)), CancellationToken.None));
        var work = await store.LoadWorkAsync("stored", includeHistory: true, CancellationToken.None);
        var child = record with { InstanceId = "stored:child", Name = "Child", Input = "c" };
        await store.CommitAsync(new InstanceCommit(work!.Instance.ETag, work.Instance.Record with { Status = OrchestrationRuntimeStatus.Running, HistoryCount = 2, WakeAt = now.AddDays(1) })
        {
            AppendHistory = [new ExecutionStarted("Plan", LargeInput), new TaskScheduled(0, "Echo", "\"5\"")],
            RemoveMessageIds = ["start|0"],
            AddMessages = [new InboxMessage("timer|0|1", now.AddDays(1), new TimerFired(1, now.AddDays(1)), 0)],
            AddActivities = [new ActivityWorkItem("act|0|0", 0, 0, "Echo", "\"5\"")],
            AddOutbox = [new OutboxMessage("out|0|2", "stored:child", null, child, new InboxMessage("start|0", now, new ExecutionStarted("Child", "c")))],
        }, CancellationToken.None);
        var before = Json(await store.LoadWorkAsync("stored", includeHistory: true, CancellationToken.None));

        await FirstLayout.RewriteAsync(client.GetTableClient(hub + "Instances"));
        var restarted = new AzureTableOrchestrationStore(client, hub);
        await restarted.CreateIfNotExistsAsync();

        Assert.Equal(1, restarted.PartitionsUpgraded);
        Assert.Equal(before, Json(await restarted.LoadWorkAsync("stored", includeHistory: true, CancellationToken.None)));
        Assert.Empty(await FirstLayout.RowsAsync(client.GetTableClient(hub + "Instances")));
    }

    [Fact]
    public async Task A_partition_with_more_waiting_rows_than_one_transaction_holds_moves_whole()
    {
        var client = azurite.CreateTableServiceClient();
        var hub = azurite.NewTableName("hub");
        var store = new AzureTableOrchestrationStore(client, hub);
        await store.CreateIfNotExistsAsync();
        var now = Harness.Start;
        var record = new InstanceRecord { InstanceId = "fan-out", Name = "Plan", CreatedAt = now, LastUpdatedAt = now };
        Assert.True(await store.TryCreateInstanceAsync(record, new InboxMessage("start|0", now, new ExecutionStarted("Plan", null)), CancellationToken.None));
        var work = await store.LoadWorkAsync("fan-out", includeHistory: true, CancellationToken.None);
        await store.CommitAsync(new InstanceCommit(work!.Instance.ETag, work.Instance.Record with { Status = OrchestrationRuntimeStatus.Running, HistoryCount = 1 })
        {
            AppendHistory = [new ExecutionStarted("Plan", null)],
            RemoveMessageIds = ["start|0"],
            AddActivities = [.. Enumerable.Range(0, 97).Select(i => new ActivityWorkItem($"act|0|{i}", 0, i, "Echo", null))],
        }, CancellationToken.None);
        foreach (var n in new[] { 1, 2 })
        {
            Assert.True(await store.DeliverAsync("fan-out", new InboxMessage($"event|client|{n}", now, new EventRaised("Go", null)), CancellationToken.None));
        }

        var before = Json(await store.LoadWorkAsync("fan-out", includeHistory: true, CancellationToken.None));

        await FirstLayout.RewriteAsync(client.GetTableClient(hub + "Instances"));
        var restarted = new AzureTableOrchestrationStore(client, hub);
        await restarted.CreateIfNotExistsAsync();

        var after = await restarted.LoadWorkAsync("fan-out", includeHistory: true, CancellationToken.None);
        Assert.Equal((97, 2), (after!.Activities.Count, after.Messages.Count)); // 99 waiting rows: more than the move's transaction takes
        Assert.Equal(before, Json(after));
        Assert.Empty(await FirstLayout.RowsAsync(client.GetTableClient(hub + "Instances")));
    }

    [Fact]
    public async Task Two_processes_starting_at_once_both_upgrade_and_nothing_is_lost()
    {
        var (client, hub) = await InFlightInFirstLayoutAsync();
        var first = new AzureTableOrchestrationStore(client, hub);
        var second = new AzureTableOrchestrationStore(azurite.CreateTableServiceClient(), hub);

        await Task.WhenAll(first.CreateIfNotExistsAsync(), second.CreateIfNotExistsAsync());

        Assert.InRange(first.PartitionsUpgraded + second.PartitionsUpgraded, 3, 6);
        await FinishAsync(client, hub);
    }

    /// <summary>The work without its ETag (every row is written again, so the ETag changes) as JSON, to compare.</summary>
    static string Json(InstanceWork? work) =>
        JsonSerializer.Serialize(work! with { Instance = work.Instance with { ETag = "" } }, OrchestrationJson.Options);

    [Fact]
    public async Task A_crash_at_any_request_of_the_upgrade_then_a_restart_loses_nothing()
    {
        var (source, sourceHub) = await InFlightInFirstLayoutAsync();
        var stored = await source.GetTableClient(sourceHub + "Instances").QueryAsync<TableEntity>().ToListAsync();

        // How many requests a whole upgrade of this table makes; then a crash after each of them in turn.
        var counting = new CrashAfter(int.MaxValue);
        var (countingClient, countingHub) = await CopyAsync(stored, counting);
        await new AzureTableOrchestrationStore(countingClient, countingHub).CreateIfNotExistsAsync();
        var requests = counting.Seen;
        Assert.InRange(requests, 8, 60);

        for (var crashAfter = 1; crashAfter < requests; crashAfter++)
        {
            var crash = new CrashAfter(crashAfter);
            var (crashing, hub) = await CopyAsync(stored, crash);
            var dying = new AzureTableOrchestrationStore(crashing, hub);
            await Assert.ThrowsAnyAsync<Exception>(() => dying.CreateIfNotExistsAsync());
            Assert.True(crash.Crashed, $"no crash after request {crashAfter} of {requests}");
            await FinishAsync(azurite.CreateTableServiceClient(), hub);
        }
    }

    /// <summary>The rows written into a new hub's instances table (the other tables made empty), through a client that crashes as told.</summary>
    async Task<(TableServiceClient Client, string Hub)> CopyAsync(List<TableEntity> rows, CrashAfter crash)
    {
        var hub = azurite.NewTableName("hub");
        var plain = azurite.CreateTableServiceClient();
        foreach (var suffix in new[] { "Instances", "Wakes", "Failed" })
        {
            await plain.GetTableClient(hub + suffix).CreateIfNotExistsAsync();
        }

        var table = plain.GetTableClient(hub + "Instances");
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        {
            await table.SubmitTransactionAsync(partition.Select(r => new TableTransactionAction(TableTransactionActionType.Add, FirstLayout.Copy(r, r.RowKey))));
        }

        return (azurite.CreateTableServiceClient(crash), hub);
    }

    /// <summary>A process that dies after sending its n-th request: that one is sent but its answer lost, no later one is sent.</summary>
    sealed class CrashAfter(int n) : HttpPipelinePolicy
    {
        int seen;

        public int Seen => Volatile.Read(ref seen);

        public bool Crashed { get; private set; }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var count = Interlocked.Increment(ref seen);
            if (count > n)
            {
                Crashed = true;
                throw new IOException($"crashed before request {count}");
            }

            await ProcessNextAsync(message, pipeline);
            if (count == n)
            {
                Crashed = true;
                throw new IOException($"crashed after request {count}, its answer lost");
            }
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The store is asynchronous.");
    }
}

/// <summary>
/// The first layout of the instances table, as ADR 0002 stored it (the store before ADR 0122): row keys <c>!</c>,
/// <c>h|gen|n</c>, <c>m|id</c>, <c>a|id</c>, <c>o|id</c>, <c>p|guid|n</c>, the same in every partition.
/// </summary>
static class FirstLayout
{
    /// <summary>Rewrites every instance row under its first-layout key and removes the marker that says the table was upgraded.</summary>
    public static async Task RewriteAsync(TableClient instances)
    {
        var rows = await instances.QueryAsync<TableEntity>().ToListAsync();
        foreach (var row in rows)
        {
            await instances.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            if (row.PartitionKey != "%layout")
            {
                await instances.AddEntityAsync(Copy(row, KeyOf(row.PartitionKey, row.RowKey)));
            }
        }
    }

    /// <summary>The first-layout key of a current key: <c>!pk%|</c> is <c>!</c>, <c>x|pk%|id</c> is <c>x|id</c>.</summary>
    static string KeyOf(string pk, string rowKey)
    {
        var current = rowKey[0] == '!' ? "!" + pk + "%|" : rowKey[..2] + pk + "%|";
        Assert.StartsWith(current, rowKey, StringComparison.Ordinal);
        return rowKey[0] == '!' ? "!" : rowKey[..2] + rowKey[current.Length..];
    }

    /// <summary>Rows not in the current layout (outside the upgrade's marker partition).</summary>
    public static async Task<List<TableEntity>> RowsAsync(TableClient instances) =>
        await instances.QueryAsync<TableEntity>().Where(r => r.PartitionKey != "%layout" && !r.RowKey.Contains("%|", StringComparison.Ordinal)).ToListAsync();

    public static TableEntity Copy(TableEntity row, string rowKey)
    {
        var copy = new TableEntity(row.PartitionKey, rowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && !name.Contains("@odata", StringComparison.Ordinal))
            {
                copy[name] = value;
            }
        }

        return copy;
    }
}
