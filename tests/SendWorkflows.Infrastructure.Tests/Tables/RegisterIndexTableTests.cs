using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tests.Tables;

/// <summary>
/// ADR 0106 on Azurite: the by-due table (written after the register index's transaction) holds exactly one row per
/// plan, the plan's latest, after concurrent writers of many plans and of one plan; a write that stops between the
/// transaction and the copy is finished by its retry, by the next write or by the hosts' pass; a store written in
/// ADR 0103's layout answers as before, then from the new table once upgraded. An Azurite per test (fixed table names).
/// </summary>
public sealed class RegisterIndexTableTests : IAsyncLifetime
{
    static readonly DateOnly Today = new(2026, 3, 2);
    Azurite azurite = null!;

    public async Task InitializeAsync() => azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    static RegisteredPlan Plan(int i, int version = 0) => new(
        new RegisterEntry($"EHC-{i:000}", "AB", YearGroup.Year(5), $"School {(char)('a' + ((i + version) % 6))}", (SettingType)((i + version) % 3),
            null, Today.AddDays(((i * 37) % 300) - 100 + (version * 45)), Today, TransferKind.None, version % 2 == 0 ? "awaiting meeting" : "escalated", null, false,
            Ceased: version > 0 && i % 9 == 0),
        "senco@example.org", $"caseworker{i % 3}@example.org");

    static IEnumerable<RegisterQuery> Queries() =>
    [
        new(Today, Take: 50),
        new(Today, Skip: 150, Take: 50),
        new(Today, Skip: 190, Take: 50), // the last page, short
        new(Today, Descending: true, Skip: 20, Take: 25),
        new(Today, Sort: RegisterSort.Setting, Skip: 60, Take: 30),
        new(Today, Sort: RegisterSort.Setting, Descending: true, Take: 30),
        new(Today, OverdueOnly: true),
        new(Today.AddDays(1), OverdueOnly: true),
        new(Today, Type: SettingType.Special, Skip: 10, Take: 20),
        new(Today, Search: "ehc-01"),
    ];

    /// <summary>Every query answers as the query's own predicate and order over the latest plans would.</summary>
    static async Task AssertAnswersAsync(IRegisterIndex index, IReadOnlyCollection<RegisteredPlan> latest)
    {
        foreach (var query in Queries())
        {
            var expected = query.Slice(query.Order(latest));
            var actual = await index.QueryAsync(query);
            Assert.True(expected.Total == actual.Total, $"{query} matched {actual.Total}, not {expected.Total}");
            Assert.Equal(expected.Plans.Select(p => (p.PlanId, p.Entry.NextReviewDue, p.Entry.Status)), actual.Plans.Select(p => (p.PlanId, p.Entry.NextReviewDue, p.Entry.Status)));
        }
    }

    /// <summary>
    /// The by-due table holds one row per plan, keyed by its due date, with its latest JSON; once the writers' pending
    /// markings are flushed (ADR 0134), every pointer is synced; the due weeks add up.
    /// </summary>
    async Task AssertByDueMatchesAsync(IReadOnlyCollection<RegisteredPlan> latest, params TablePlanRegister[] writers)
    {
        foreach (var writer in writers)
        {
            await writer.FlushIndexMarkingsAsync();
        }

        var service = azurite.CreateTableServiceClient();
        var rows = await service.GetTableClient(TableRegisterIndex.ByDueTableName).QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(
            latest.Select(p => ($"due:{p.Entry.NextReviewDue:yyyy-MM-dd}:{p.PlanId}", JsonSerializer.Serialize(p, TableJson.Options))).Order(),
            rows.Select(r => (r.RowKey, r.GetString("Json"))).Order());
        var index = service.GetTableClient(TableRegisterIndex.TableName);
        var pointers = await index.QueryAsync<TableEntity>(e => e.PartitionKey == "register").Where(e => e.RowKey.StartsWith("plan:", StringComparison.Ordinal)).ToListAsync();
        Assert.Equal(latest.Count, pointers.Count);
        Assert.All(pointers, p => Assert.True(p.GetBoolean("ByDueSynced") == true && p.GetString("ByDueStale") == "", p.RowKey));
        var weeks = new RegisterSummaryCounts();
        await foreach (var shard in index.QueryAsync<TableEntity>(e => e.PartitionKey == "register"))
        {
            if (shard.RowKey.StartsWith("sum:", StringComparison.Ordinal))
            {
                weeks.Merge(JsonSerializer.Deserialize<RegisterSummaryCounts>(shard.GetString("Json"), TableJson.Options)!);
            }
        }

        var expected = new RegisterSummaryCounts();
        foreach (var plan in latest)
        {
            expected.AddDueWeek(plan, +1);
        }

        Assert.Equal(expected.DueWeeks.OrderBy(w => w.Key), weeks.DueWeeks.OrderBy(w => w.Key));
    }

    [Fact]
    public async Task Concurrent_writers_of_many_plans_and_of_one_plan_leave_one_by_due_row_per_plan_its_latest()
    {
        var register = new TablePlanRegister(azurite.CreateTableServiceClient());
        await Parallel.ForEachAsync(Enumerable.Range(1, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) => await register.UpsertAsync(Plan(i), ct));
        // 8 writers race on each of 10 plans with different versions (new due weeks), then the last version is written once more.
        await Parallel.ForEachAsync(Enumerable.Range(0, 80), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) => await register.UpsertAsync(Plan(1 + (n % 10), 1 + (n / 10)), ct));
        var latest = Enumerable.Range(1, 200).ToDictionary(i => i, i => Plan(i));
        foreach (var i in Enumerable.Range(1, 10))
        {
            latest[i] = Plan(i, 9);
            await register.UpsertAsync(latest[i]);
        }

        await AssertByDueMatchesAsync(latest.Values, register);
        await AssertAnswersAsync(register, latest.Values);
        Assert.Equal(0, await new TableRegisterIndex(azurite.CreateTableServiceClient()).UpgradeAsync()); // nothing left to repair
    }

    [Fact]
    public async Task Two_processes_writing_the_same_summary_shards_keep_the_counts_and_the_by_due_rows_exact()
    {
        // Each process remembers the shards it wrote; the other's writes change their ETags, so a remembered shard fails
        // its transaction once and is read again. Alternating writers of 150 plans, then of new versions of 40 of them.
        var first = new TablePlanRegister(azurite.CreateTableServiceClient());
        var second = new TablePlanRegister(azurite.CreateTableServiceClient());
        var latest = Enumerable.Range(1, 150).ToDictionary(i => i, i => Plan(i));
        await Parallel.ForEachAsync(latest.Keys, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await (i % 2 == 0 ? first : second).UpsertAsync(latest[i], ct));
        foreach (var i in Enumerable.Range(1, 40))
        {
            latest[i] = Plan(i, 1 + (i % 3));
        }

        await Parallel.ForEachAsync(Enumerable.Range(1, 40), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await (i % 3 == 0 ? first : second).UpsertAsync(latest[i], ct));

        await AssertByDueMatchesAsync(latest.Values, first, second);
        await AssertAnswersAsync(first, latest.Values);
        var summary = await second.SummaryAsync();
        Assert.Equal(latest.Count, summary.Plans);
    }

    [Fact]
    public async Task A_plan_written_again_reads_nothing_when_this_process_wrote_its_pointer_and_its_summary_shard()
    {
        var reads = new CountReadsOf(TableRegisterIndex.TableName);
        var register = new TablePlanRegister(azurite.CreateTableServiceClient(reads));
        await register.UpsertAsync(Plan(7));
        var before = reads.Count;
        await register.UpsertAsync(Plan(7, 1)); // same plan, so the same summary shard on the first attempt

        // Not the pointer (remembered as the by-due copy marked it, ADR 0127), the shard (remembered with its ETag) nor the
        // pointer again for the by-due copy (the transaction's response carries its ETag). Before ADR 0117: three reads.
        Assert.Equal(0, reads.Count - before);
        await AssertByDueMatchesAsync([.. Enumerable.Range(7, 1).Select(i => Plan(i, 1))], register);
    }

    /// <summary>A pipeline policy that looks at each request before it is sent.</summary>
    abstract class RequestInspector : HttpPipelinePolicy
    {
        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            ProcessNext(message, pipeline);
        }

        public abstract void Check(HttpMessage message);
    }

    /// <summary>Two inspectors on one client.</summary>
    sealed class Both(RequestInspector first, RequestInspector second) : RequestInspector
    {
        public override void Check(HttpMessage message)
        {
            first.Check(message);
            second.Check(message);
        }
    }

    /// <summary>Counts the point reads and queries sent to one table, or the point reads of one kind of row in it.</summary>
    sealed class CountReadsOf(string table, string rowKeyPrefix = "") : RequestInspector
    {
        int count;

        public int Count => Volatile.Read(ref count);

        public override void Check(HttpMessage message)
        {
            var path = Uri.UnescapeDataString(message.Request.Uri.Path);
            if (message.Request.Method == RequestMethod.Get && path.Contains("/" + table + "(", StringComparison.Ordinal)
                && path.Contains("RowKey='" + rowKeyPrefix, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }
        }
    }

    [Fact]
    public async Task A_new_plan_is_written_without_reading_its_pointer_or_its_register_row_and_a_plan_written_here_before_without_its_pointer()
    {
        var pointerReads = new CountReadsOf(TableRegisterIndex.TableName, "plan:");
        var registerReads = new CountReadsOf(TablePlanRegister.TableName);
        var register = new TablePlanRegister(azurite.CreateTableServiceClient(new Both(pointerReads, registerReads)));
        var latest = Enumerable.Range(1, 40).ToDictionary(i => i, i => Plan(i));
        foreach (var plan in latest.Values)
        {
            // One at a time: writers at once may collide on a summary shard, and a collision's next attempt reads the pointer.
            await register.UpsertAsync(plan);
        }

        // The index held no plan when this process opened it: each plan is new (before ADR 0127, 40 reads of each).
        Assert.Equal((0, 0), (pointerReads.Count, registerReads.Count));

        foreach (var i in Enumerable.Range(1, 10))
        {
            latest[i] = Plan(i, 1);
            await register.UpsertAsync(latest[i]);
        }

        // A plan this process wrote starts from its pointer as left; the register row's old bucket is still read.
        Assert.Equal((0, 10), (pointerReads.Count, registerReads.Count));

        await register.UpsertAsync(latest[1]); // a repeated write (an activity's second run) reads the pointer to see it is indexed
        Assert.Equal(1, pointerReads.Count);

        var restarted = new TablePlanRegister(azurite.CreateTableServiceClient(pointerReads)); // a new process: the index holds plans
        latest[2] = Plan(2, 2);
        await restarted.UpsertAsync(latest[2]);
        Assert.Equal(2, pointerReads.Count);

        await AssertByDueMatchesAsync(latest.Values, register, restarted);
        await AssertAnswersAsync(register, latest.Values);
        Assert.Equal(latest.Count, (await restarted.SummaryAsync()).Plans);
    }

    [Fact]
    public async Task A_plan_taken_as_new_or_remembered_that_another_process_wrote_is_read_again_and_counted_once()
    {
        var first = new TablePlanRegister(azurite.CreateTableServiceClient());
        var second = new TablePlanRegister(azurite.CreateTableServiceClient());
        await Task.WhenAll(first.SummaryAsync(), second.SummaryAsync()); // both open the index while it is empty
        var latest = Enumerable.Range(1, 30).ToDictionary(i => i, i => Plan(i));
        foreach (var plan in latest.Values)
        {
            await first.UpsertAsync(plan);
        }

        // The second process takes each plan as new: its insert fails, it reads the pointer and moves the plan.
        foreach (var i in Enumerable.Range(1, 30))
        {
            latest[i] = Plan(i, 1);
            await second.UpsertAsync(latest[i]);
        }

        // The first remembers pointers the second has changed since: their ETags refuse the transactions, it reads again.
        foreach (var i in Enumerable.Range(1, 15))
        {
            latest[i] = Plan(i, 2);
            await first.UpsertAsync(latest[i]);
        }

        await AssertByDueMatchesAsync(latest.Values, first, second);
        await AssertAnswersAsync(second, latest.Values);
        var (summary, expected) = (await second.SummaryAsync(), RegisterSummary.Of(latest.Values));
        Assert.Equal(expected.Plans, summary.Plans);
        foreach (var (actual, counted) in new[] { (summary.Statuses, expected.Statuses), (summary.Settings, expected.Settings), (summary.Caseworkers, expected.Caseworkers) })
        {
            Assert.Equal(counted.OrderBy(c => c.Key), actual.Where(c => c.Value > 0).OrderBy(c => c.Key));
        }
        foreach (var plan in latest.Values)
        {
            Assert.Equal(plan, await first.FindAsync(plan.PlanId));
        }
    }

    /// <summary>Counts the requests to one table that write a single entity (not a transaction), and its transactions.</summary>
    sealed class CountWritesTo(string table) : RequestInspector
    {
        int single;
        int transactions;

        public (int Single, int Transactions) Counts => (Volatile.Read(ref single), Volatile.Read(ref transactions));

        public override void Check(HttpMessage message)
        {
            var path = Uri.UnescapeDataString(message.Request.Uri.Path);
            if (path.EndsWith("/$batch", StringComparison.Ordinal) && message.Request.Content is { } body && Body(body).Contains("/" + table + "(", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref transactions);
            }
            else if (message.Request.Method != RequestMethod.Get && path.Contains("/" + table + "(", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref single);
            }
        }

        static string Body(RequestContent content)
        {
            using var stream = new MemoryStream();
            content.WriteTo(stream, CancellationToken.None);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    [Fact]
    public async Task A_by_due_copy_is_marked_in_the_next_transaction_not_a_request_of_its_own()
    {
        var writes = new CountWritesTo(TableRegisterIndex.TableName);
        var register = new TablePlanRegister(azurite.CreateTableServiceClient(writes));
        var latest = Enumerable.Range(1, 30).ToDictionary(i => i, i => Plan(i));
        foreach (var plan in latest.Values)
        {
            await register.UpsertAsync(plan);
        }

        foreach (var i in Enumerable.Range(1, 5))
        {
            latest[i] = Plan(i, 1);
            await register.UpsertAsync(latest[i]); // from the pointer as remembered, with the ETag its marking gave it
        }

        // One transaction a write and no merge of its own (before ADR 0134: 35 merges, one a write); the index's marker
        // row of a new store is the one single write.
        Assert.Equal((1, 35), writes.Counts);
        await register.FlushIndexMarkingsAsync(); // the last write's marking: one transaction
        Assert.Equal((1, 36), writes.Counts);
        await AssertByDueMatchesAsync(latest.Values, register);
        await AssertAnswersAsync(register, latest.Values);
    }

    [Fact]
    public async Task A_marking_that_finds_its_pointer_written_again_copies_the_plan_anew_and_deletes_the_row_it_wrote()
    {
        var first = new TablePlanRegister(azurite.CreateTableServiceClient());
        var second = new TablePlanRegister(azurite.CreateTableServiceClient());
        await first.UpsertAsync(Plan(1)); // its marking waits for the first process's next transaction
        await second.UpsertAsync(Plan(1, 1)); // another due week: the second process deletes the first's by-due row
        await second.FlushIndexMarkingsAsync(); // and marks its copy: the pointer lists no stale row any more
        // The first's copy landing late, after that deletion (as a slow process's would):
        var byDue = azurite.CreateTableServiceClient().GetTableClient(TableRegisterIndex.ByDueTableName);
        var late = JsonSerializer.Serialize(Plan(1), TableJson.Options);
        await byDue.UpsertEntityAsync(new TableEntity("register", $"due:{Plan(1).Entry.NextReviewDue:yyyy-MM-dd}:EHC-001") { ["Json"] = late });

        await first.UpsertAsync(Plan(2)); // the marking rides on this transaction, fails on the pointer's ETag
        await AssertByDueMatchesAsync([Plan(1, 1), Plan(2)], first, second);
        await AssertAnswersAsync(first, [Plan(1, 1), Plan(2)]);
    }

    [Fact]
    public async Task A_register_row_written_before_its_plan_was_indexed_is_moved_out_of_its_old_digest_bucket()
    {
        // A row the register kept before the index existed: main row and digest copy, and no pointer.
        var service = azurite.CreateTableServiceClient();
        var escalated = Plan(4, 1); // odd versions are escalated: the digest's "always" bucket
        var table = service.GetTableClient(TablePlanRegister.TableName);
        await table.CreateIfNotExistsAsync();
        var json = JsonSerializer.Serialize(escalated, TableJson.Options);
        await table.AddEntityAsync(new TableEntity("plan", "EHC-004") { ["Json"] = json, ["DigestBucket"] = "always" });
        await table.AddEntityAsync(new TableEntity("digest:always", "EHC-004") { ["Json"] = json });

        var register = new TablePlanRegister(service); // opens an index with no plan: takes EHC-004 as new
        await register.UpsertAsync(Plan(4));
        Assert.Empty(await register.EscalatedOrWaitingAsync().ToListAsync());
        Assert.Equal(Plan(4), await register.FindAsync("EHC-004"));
        await AssertByDueMatchesAsync([Plan(4)], register);
    }

    [Fact]
    public async Task A_write_that_stops_after_its_transaction_is_finished_by_its_retry_the_next_write_or_the_hosts_pass()
    {
        var register = new TablePlanRegister(azurite.CreateTableServiceClient());
        var latest = Enumerable.Range(1, 60).ToDictionary(i => i, i => Plan(i));
        foreach (var plan in latest.Values)
        {
            await register.UpsertAsync(plan);
        }

        // A process that dies as it reaches the by-due table: its transaction is in, its copy is not.
        var crashing = new TablePlanRegister(azurite.CreateTableServiceClient(new FailRequestsTo(TableRegisterIndex.ByDueTableName)));
        foreach (var i in new[] { 1, 2, 3 })
        {
            await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.UpsertAsync(Plan(i, 1)));
        }

        // Until repaired, the unfiltered register is exact (it reads the index's own rows, written in the transaction).
        var moved = latest.Values.Select(p => p.PlanId is "EHC-001" or "EHC-002" or "EHC-003" ? Plan(int.Parse(p.PlanId[4..], System.Globalization.CultureInfo.InvariantCulture), 1) : p).ToList();
        var deep = new RegisterQuery(Today, Skip: 20, Take: 20);
        Assert.Equal(deep.Slice(deep.Order(moved)).Plans.Select(p => p.PlanId), (await register.QueryAsync(deep)).Plans.Select(p => p.PlanId));

        latest[1] = Plan(1, 1);
        await register.UpsertAsync(latest[1]); // the activity's retry: same plan, finds it indexed, makes the copy
        latest[2] = Plan(2, 2);
        await register.UpsertAsync(latest[2]); // a later write of the plan: deletes the row the stopped write left stale
        latest[3] = Plan(3, 1);
        await register.FlushIndexMarkingsAsync(); // this process's own copies, whose markings wait for a transaction (ADR 0134)
        Assert.Equal(1, await new TableRegisterIndex(azurite.CreateTableServiceClient()).UpgradeAsync()); // the hosts' pass
        await AssertByDueMatchesAsync(latest.Values);
        await AssertAnswersAsync(register, latest.Values);
    }

    [Fact]
    public async Task A_store_in_the_old_layout_answers_as_before_then_from_the_by_due_table_once_upgraded()
    {
        var service = azurite.CreateTableServiceClient();
        var latest = Enumerable.Range(1, 120).ToDictionary(i => i, i => Plan(i));
        foreach (var plan in latest.Values)
        {
            await new TablePlanRegister(service).UpsertAsync(plan);
        }

        await DowngradeToAdr0103LayoutAsync(service);
        var register = new TablePlanRegister(azurite.CreateTableServiceClient()); // a new process on the old store
        await AssertAnswersAsync(register, latest.Values);
        latest[5] = Plan(5, 1);
        await register.UpsertAsync(latest[5]); // written before the upgrade: its week is counted once, not taken off the old one
        await AssertAnswersAsync(register, latest.Values);

        Assert.Equal(119, await register.BackfillDigestIndexAsync()); // 119 plans copied and counted (plan 5 was counted by its write)
        await AssertByDueMatchesAsync(latest.Values);
        await AssertAnswersAsync(register, latest.Values);
        latest[7] = Plan(7, 1);
        await register.UpsertAsync(latest[7]);
        await AssertByDueMatchesAsync(latest.Values, register);
        await AssertAnswersAsync(register, latest.Values);
        Assert.Equal(0, await register.BackfillDigestIndexAsync());
    }

    /// <summary>
    /// What ADR 0103's code left: pointers without the new columns, summary shards without due weeks, no by-due table
    /// rows and no marker. (The rows it had, plan/due/setting and the shards' other counts, are the same in both.)
    /// </summary>
    static async Task DowngradeToAdr0103LayoutAsync(TableServiceClient service)
    {
        var index = service.GetTableClient(TableRegisterIndex.TableName);
        await foreach (var row in index.QueryAsync<TableEntity>())
        {
            if (row.PartitionKey == "meta")
            {
                await index.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
            else if (row.RowKey.StartsWith("plan:", StringComparison.Ordinal))
            {
                row.Remove("DueCounted");
                row.Remove("ByDueSynced");
                row.Remove("ByDueStale");
                await index.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
            }
            else if (row.RowKey.StartsWith("sum:", StringComparison.Ordinal))
            {
                var counts = JsonSerializer.Deserialize<RegisterSummaryCounts>(row.GetString("Json"), TableJson.Options)!;
                counts.DueWeeks.Clear();
                row["Json"] = JsonSerializer.Serialize(counts, TableJson.Options);
                await index.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
            }
        }

        var byDue = service.GetTableClient(TableRegisterIndex.ByDueTableName);
        await foreach (var row in byDue.QueryAsync<TableEntity>())
        {
            await byDue.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
    }

    sealed class SimulatedCrash() : Exception("the process stopped here");

    /// <summary>Fails every request to one table, as a process that stops before it.</summary>
    sealed class FailRequestsTo(string table) : RequestInspector
    {
        public override void Check(HttpMessage message)
        {
            if (message.Request.Uri.Path.Contains("/" + table, StringComparison.Ordinal))
            {
                throw new SimulatedCrash();
            }
        }
    }
}
