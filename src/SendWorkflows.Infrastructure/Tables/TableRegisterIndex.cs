using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SendWorkflows.Workflows;
using static SendWorkflows.Infrastructure.Tables.RegisterIndexKeys;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// The register's index in the <c>registerindex</c> table (ADR 0103). One partition, <c>register</c>, holds per plan a
/// row in next-review-due order (<c>due:2026-03-01:EHC-1</c>), one in plan order (<c>plan:EHC-1</c>, which also
/// records what the index holds for the plan) and one in setting order, plus 32 summary rows (<c>sum:07</c>) that
/// count the plans and their caseworkers, settings and statuses. A plan's rows and its summary change go in one
/// transaction guarded by ETags, so a write that runs twice, or two writers at once, count once. Rows by
/// caseworker (<c>registerbycaseworker</c>, partition = caseworker) are written first, idempotently.
/// ADR 0106: the due-order rows are copied to a table of their own (<c>registerbydue</c>, about one row a plan) after the
/// transaction, which marks the plan's pointer unsynced until the copy is made, so the filtered and overdue reads scan a
/// third of the rows on Azurite; the summary counts plans by due week, so a deep page reads only the weeks it falls in.
/// ADR 0127: a write starts from what this process knows of the plan's pointer (<see cref="KnownPointers"/>) when it can.
/// ADR 0134: the copy's marking rides on the next transaction (<see cref="PendingMarkings"/>), not a request of its own.
/// The reads are <see cref="RegisterIndexReader"/>'s, the keys <see cref="RegisterIndexKeys"/>'.
/// </summary>
public sealed class TableRegisterIndex
{
    public const string TableName = "registerindex";
    public const string ByCaseworkerTableName = "registerbycaseworker";
    public const string ByDueTableName = "registerbydue";
    const int Attempts = 20;
    const string DueCountedColumn = "DueCounted";
    const string SyncedColumn = "ByDueSynced";
    const string StaleColumn = "ByDueStale";
    const string MetaPartition = "meta";
    const string ByDueBuiltRow = "bydue-built";
    readonly TableClient index;
    readonly TableClient byCaseworker;
    readonly TableClient byDue;
    readonly OnceUntilDone creation;
    readonly TimeProvider clock;
    readonly KnownPointers known = new();
    readonly PendingMarkings markings = new();
    readonly RegisterIndexReader reader;
    volatile bool byDueBuilt;

    /// <summary>The summary shards as this process last wrote them (32 small rows): a write needs no read of its shard while nobody else wrote it.</summary>
    readonly ConcurrentDictionary<string, (string Json, ETag ETag)> shards = new(StringComparer.Ordinal);
    long byDueCheckedAt = long.MinValue;

    public TableRegisterIndex(TableServiceClient service, TimeProvider? clock = null)
    {
        index = service.GetTableClient(TableName);
        byCaseworker = service.GetTableClient(ByCaseworkerTableName);
        byDue = service.GetTableClient(ByDueTableName);
        this.clock = clock ?? TimeProvider.System;
        creation = new(CreateAsync);
        reader = new(index, byDue, byCaseworker, EnsureCreatedAsync, ByDueBuiltAsync);
    }

    async Task CreateAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(index.CreateIfNotExistsAsync(cancellationToken), byCaseworker.CreateIfNotExistsAsync(cancellationToken), byDue.CreateIfNotExistsAsync(cancellationToken));
        // A new store has nothing to copy: its by-due table is complete from the first write. Its plans are all new
        // until this process writes them (ADR 0127).
        await foreach (var _ in index.QueryAsync<TableEntity>(Range("plan:"), maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return;
        }

        known.IndexWasEmpty();
        await MarkByDueBuiltAsync(cancellationToken);
    }

    /// <summary>
    /// Indexes the plan; true when the plan was new to the index (its pointer was added), so that nothing of it can be
    /// in the register's own table either (ADR 0127).
    /// </summary>
    public async Task<bool> WriteAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var json = JsonSerializer.Serialize(plan, TableJson.Options);
        var planKey = PlanKey(plan.PlanId);
        markings.Drop(planKey); // this write replaces the pointer, so its pending marking could only fail
        for (var attempt = 1; ; attempt++)
        {
            // A pointer this process left, or none for a plan taken as new, saves the read: the transaction's ETag or
            // insert checks the guess, and the next attempt reads.
            var pointer = attempt == 1 && known.TryStartFrom(planKey, json, out var start)
                ? start is null ? null : PointerEntity(planKey, start)
                : await ReadPointerAsync(planKey, cancellationToken);
            if (pointer?.GetString(JsonColumn) == json)
            {
                // Already indexed: an activity's second run, which finishes the by-due copy if the first stopped before it.
                Remember(planKey, pointer.GetBoolean(SyncedColumn) != true ? await SyncByDueAsync(plan.PlanId, cancellationToken) : pointer);
                return false;
            }

            var old = pointer is null ? null : Read(pointer.GetString(JsonColumn));
            await WriteByCaseworkerAsync(old, plan, json, cancellationToken);
            var actions = await TransactionAsync(pointer, old, plan, json, attempt, cancellationToken);
            // Other plans' by-due markings ride along, before the shard (ADR 0134).
            var riders = markings.Take(PendingMarkings.PerTransaction, planKey);
            var firstRider = actions.Count - 1;
            actions.InsertRange(firstRider, riders.Select(MarkingAction));
            Response<IReadOnlyList<Response>> committed;
            try
            {
                committed = await SubmitWithShardAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException exception)
            {
                if (await SettleRidersAsync(riders, exception.FailedTransactionActionIndex - firstRider, cancellationToken)
                    || (exception.Status is 404 or 409 or 412 && attempt < Attempts))
                {
                    // A rider's pointer was written again (it is copied anew), or another writer changed the summary
                    // shard (or this plan) since we read it, or added the plan: read again.
                    continue;
                }

                throw;
            }
            catch
            {
                markings.Return(riders);
                throw;
            }

            RidersMarked(riders, committed, firstRider);
            // The pointer as just written, with the ETag the transaction returned for it: the copy starts from it
            // instead of reading it back, and its marking waits for the next transaction (ADR 0134).
            var written = (TableEntity)actions[0].Entity;
            written.ETag = committed.Value[0].Headers.ETag ?? default;
            if (written.ETag == default)
            {
                Remember(planKey, await SyncByDueAsync(plan.PlanId, cancellationToken));
            }
            else
            {
                var copied = await CopyToByDueAsync(written, [], cancellationToken);
                markings.Add(new(planKey, plan.PlanId, written.ETag, copied));
                known.Remember(planKey, new(json, DueCounted: true, written.ETag));
            }

            return pointer is null;
        }
    }

    static TableTransactionAction MarkingAction(PendingMarkings.Marking marking) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, marking.PlanKey) { [SyncedColumn] = true, [StaleColumn] = "" }, marking.PointerETag);

    /// <summary>
    /// After a transaction with riders failed: when a rider's marking was the action that failed, its pointer was written
    /// since, so the plan is copied again from it, the row this process wrote deleted if the pointer no longer names it
    /// (true); the other riders wait for the next transaction.
    /// </summary>
    async Task<bool> SettleRidersAsync(List<PendingMarkings.Marking> riders, int? failed, CancellationToken cancellationToken)
    {
        if (failed is not { } index || index < 0 || index >= riders.Count)
        {
            markings.Return(riders);
            return false;
        }

        markings.Return(riders.Where((_, i) => i != index));
        Remember(riders[index].PlanKey, await SyncByDueAsync(riders[index].PlanId, cancellationToken, alreadyWritten: riders[index].Written));
        return true;
    }

    /// <summary>The riders' pointers are marked: a pointer this process remembers takes its new ETag, so its next write needs no read.</summary>
    void RidersMarked(List<PendingMarkings.Marking> riders, Response<IReadOnlyList<Response>> committed, int firstRider)
    {
        for (var i = 0; i < riders.Count; i++)
        {
            known.Marked(riders[i].PlanKey, riders[i].PointerETag, committed.Value[firstRider + i].Headers.ETag ?? default);
        }
    }

    /// <summary>
    /// Marks every by-due copy still waiting for a transaction to ride on, up to 100 in one transaction (the hosts'
    /// index pass, before it looks for unsynced pointers; tests).
    /// </summary>
    public async Task FlushMarkingsAsync(CancellationToken cancellationToken = default)
    {
        while (markings.Take(100) is { Count: > 0 } batch)
        {
            try
            {
                RidersMarked(batch, await index.SubmitTransactionAsync(batch.Select(MarkingAction), cancellationToken), 0);
            }
            catch (TableTransactionFailedException exception) when (exception.FailedTransactionActionIndex is not null)
            {
                await SettleRidersAsync(batch, exception.FailedTransactionActionIndex, cancellationToken);
            }
            catch
            {
                markings.Return(batch);
                throw;
            }
        }
    }

    async Task<TableEntity?> ReadPointerAsync(string planKey, CancellationToken cancellationToken)
    {
        var found = await index.GetEntityIfExistsAsync<TableEntity>(Partition, planKey, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value! : null;
    }

    /// <summary>A synced pointer as <see cref="KnownPointers"/> remembers it (nothing stale, the copy made).</summary>
    static TableEntity PointerEntity(string planKey, KnownPointers.Pointer pointer) => new(Partition, planKey)
    {
        [JsonColumn] = pointer.Json,
        [DueCountedColumn] = pointer.DueCounted,
        [SyncedColumn] = true,
        [StaleColumn] = "",
        ETag = pointer.ETag,
    };

    void Remember(string planKey, TableEntity? synced)
    {
        if (synced is not null && synced.GetBoolean(SyncedColumn) == true && synced.ETag != default)
        {
            known.Remember(planKey, new(synced.GetString(JsonColumn), synced.GetBoolean(DueCountedColumn) == true, synced.ETag));
        }
    }

    async Task<List<TableTransactionAction>> TransactionAsync(TableEntity? pointer, RegisteredPlan? old, RegisteredPlan plan, string json, int attempt, CancellationToken cancellationToken)
    {
        // The pointer says which by-due rows may still hold an older version of the plan, and that the copy is not made yet.
        var stale = StaleKeys(pointer);
        if (old is not null)
        {
            stale.Add(DueKey(old));
        }

        stale.Remove(DueKey(plan));
        var row = Row(PlanKey(plan.PlanId), plan, json);
        row[DueCountedColumn] = true;
        row[SyncedColumn] = false;
        row[StaleColumn] = string.Join(StaleSeparator, stale.Order(StringComparer.Ordinal));
        var actions = new List<TableTransactionAction>
        {
            pointer is not null
                ? new(TableTransactionActionType.UpdateReplace, row, pointer.ETag)
                : new(TableTransactionActionType.Add, row),
        };
        foreach (var key in (Func<RegisteredPlan, string>[])[DueKey, SettingKey])
        {
            if (old is not null && key(old) != key(plan))
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, key(old)), ETag.All));
            }

            actions.Add(new(TableTransactionActionType.UpsertReplace, Row(key(plan), plan, json)));
        }

        var counts = new RegisterSummaryCounts();
        if (old is not null)
        {
            counts.Add(old, -1);
        }

        counts.Add(plan, +1);
        if (old is not null && pointer!.GetBoolean(DueCountedColumn) == true)
        {
            counts.AddDueWeek(old, -1);
        }

        counts.AddDueWeek(plan, +1);
        actions.Add(await ShardChangeAsync(plan.PlanId, attempt, counts, cancellationToken));
        return actions;
    }

    /// <summary>
    /// The summary shard this attempt picks, with <paramref name="counts"/> added, guarded by the shard's ETag. A shard
    /// this process wrote last is taken as it wrote it, without a read: if anyone wrote it since, its ETag fails the
    /// transaction, the shard is forgotten and the next attempt reads.
    /// </summary>
    async Task<TableTransactionAction> ShardChangeAsync(string planId, int attempt, RegisterSummaryCounts counts, CancellationToken cancellationToken)
    {
        var shardKey = SummaryKey(planId, attempt);
        string? stored = null;
        ETag? etag = null;
        if (shards.TryGetValue(shardKey, out var known))
        {
            (stored, etag) = known;
        }
        else if ((await index.GetEntityIfExistsAsync<TableEntity>(Partition, shardKey, cancellationToken: cancellationToken)) is { HasValue: true } shard)
        {
            (stored, etag) = (shard.Value!.GetString(JsonColumn), shard.Value.ETag);
        }

        var total = stored is not null ? JsonSerializer.Deserialize<RegisterSummaryCounts>(stored, TableJson.Options)! : new RegisterSummaryCounts();
        total.Merge(counts);
        var summary = new TableEntity(Partition, shardKey) { [JsonColumn] = JsonSerializer.Serialize(total, TableJson.Options) };
        return etag is { } match
            ? new(TableTransactionActionType.UpdateReplace, summary, match)
            : new(TableTransactionActionType.Add, summary);
    }

    /// <summary>Submits a transaction whose last action is a summary shard's, and remembers the shard as written (or forgets it if the transaction failed).</summary>
    async Task<Response<IReadOnlyList<Response>>> SubmitWithShardAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var shard = (TableEntity)actions[^1].Entity;
        try
        {
            var committed = await index.SubmitTransactionAsync(actions, cancellationToken);
            if (committed.Value[^1].Headers.ETag is { } etag)
            {
                shards[shard.RowKey] = (shard.GetString(JsonColumn), etag);
            }
            else
            {
                shards.TryRemove(shard.RowKey, out _);
            }

            return committed;
        }
        catch
        {
            shards.TryRemove(shard.RowKey, out _);
            throw;
        }
    }

    const string StaleSeparator = "\n"; // row keys hold no control character (TableKeys escapes them)

    static HashSet<string> StaleKeys(TableEntity? pointer) =>
        pointer?.GetString(StaleColumn) is { Length: > 0 } stale ? [.. stale.Split(StaleSeparator)] : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Makes the plan's by-due row what its pointer holds and deletes the rows the pointer lists as stale, then marks the
    /// pointer synced under the ETag it was read with. If another write came in between, the marking fails and this
    /// goes again from the newer pointer, also deleting the rows it wrote itself for the older one (they may have
    /// landed after that writer's deletions): the last marking is always of the rows as the pointer says. Returns the
    /// pointer as marked, with its new ETag (null if there is none).
    /// </summary>
    async Task<TableEntity?> SyncByDueAsync(string planId, CancellationToken cancellationToken, string? alreadyWritten = null)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        if (alreadyWritten is not null)
        {
            written.Add(alreadyWritten);
        }

        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await ReadPointerAsync(PlanKey(planId), cancellationToken) is not { } pointer)
            {
                return null;
            }

            if (pointer.GetBoolean(SyncedColumn) == true && written.Count == 0)
            {
                return pointer;
            }

            written.Add(await CopyToByDueAsync(pointer, written, cancellationToken));
            try
            {
                var marked = await index.UpdateEntityAsync(new TableEntity(Partition, PlanKey(planId)) { [SyncedColumn] = true, [StaleColumn] = "" }, pointer.ETag, TableUpdateMode.Merge, cancellationToken);
                pointer[SyncedColumn] = true;
                pointer[StaleColumn] = "";
                pointer.ETag = marked.Headers.ETag ?? default;
                return pointer;
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
                // Written again since we read it: make the rows the newer pointer's.
            }
        }

        throw new InvalidOperationException($"The register index's by-due row of {planId} could not be made to match its pointer in {Attempts} attempts.");
    }

    /// <summary>Upserts the pointer's by-due row and deletes the rows it lists as stale and <paramref name="alsoDelete"/>; returns the row's key.</summary>
    async Task<string> CopyToByDueAsync(TableEntity pointer, IReadOnlyCollection<string> alsoDelete, CancellationToken cancellationToken)
    {
        var json = pointer.GetString(JsonColumn);
        var plan = Read(json);
        var key = DueKey(plan);
        await byDue.UpsertEntityAsync(Row(key, plan, json), TableUpdateMode.Replace, cancellationToken);
        foreach (var stale in StaleKeys(pointer).Union(alsoDelete).Where(k => k != key))
        {
            await DeleteIfExistsAsync(byDue, stale, cancellationToken);
        }

        return key;
    }

    static async Task DeleteIfExistsAsync(TableClient table, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(Partition, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    /// <summary>
    /// The upgrade from ADR 0103's layout (and the repair of a write that stopped after its transaction): every plan
    /// whose due week is not counted yet is counted, in a transaction with its pointer under both ETags; every pointer
    /// not marked synced gets its by-due row; then a marker says the by-due table is complete, and queries read it.
    /// Returns how many plans it counted or copied. Runs on every call (the hosts' timers), since it also repairs.
    /// </summary>
    public async Task<int> UpgradeAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await FlushMarkingsAsync(cancellationToken);
        var done = 0;
        var pending = new List<(string PlanId, bool Counted, bool Synced)>();
        // Once built, every pointer carries both columns, so only the unsynced ones (a write that stopped) are read.
        var filter = await ByDueBuiltAsync(cancellationToken) ? Range("plan:") + $" and {SyncedColumn} eq false" : Range("plan:");
        await foreach (var row in index.QueryAsync<TableEntity>(filter, select: [JsonColumn, DueCountedColumn, SyncedColumn], cancellationToken: cancellationToken))
        {
            var (counted, synced) = (row.GetBoolean(DueCountedColumn) == true, row.GetBoolean(SyncedColumn) == true);
            if (!counted || !synced)
            {
                pending.Add((Read(row.GetString(JsonColumn)).PlanId, counted, synced));
            }
        }

        foreach (var (planId, counted, synced) in pending)
        {
            if (!counted)
            {
                await CountDueWeekAsync(planId, cancellationToken);
            }

            if (!synced)
            {
                await SyncByDueAsync(planId, cancellationToken);
            }

            done++;
        }

        await MarkByDueBuiltAsync(cancellationToken);
        return done;
    }

    /// <summary>Counts a plan written before the summary counted due weeks, once: its pointer is marked in the same transaction.</summary>
    async Task CountDueWeekAsync(string planId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await index.GetEntityIfExistsAsync<TableEntity>(Partition, PlanKey(planId), cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value!.GetBoolean(DueCountedColumn) == true)
            {
                return;
            }

            var counts = new RegisterSummaryCounts();
            counts.AddDueWeek(Read(found.Value.GetString(JsonColumn)), +1);
            try
            {
                await SubmitWithShardAsync(
                [
                    new(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, PlanKey(planId)) { [DueCountedColumn] = true }, found.Value.ETag),
                    await ShardChangeAsync(planId, attempt, counts, cancellationToken),
                ], cancellationToken);
                return;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412 && attempt < Attempts)
            {
            }
        }
    }

    async Task MarkByDueBuiltAsync(CancellationToken cancellationToken)
    {
        await index.UpsertEntityAsync(new TableEntity(MetaPartition, ByDueBuiltRow) { ["Done"] = true }, TableUpdateMode.Replace, cancellationToken);
        byDueBuilt = true;
    }

    /// <summary>
    /// Whether queries may read the by-due table: once its marker is seen it stays so; until then it is looked up again
    /// at most every 30 seconds (another process may finish the upgrade).
    /// </summary>
    async Task<bool> ByDueBuiltAsync(CancellationToken cancellationToken)
    {
        if (byDueBuilt)
        {
            return true;
        }

        var now = clock.GetTimestamp();
        if (Interlocked.Read(ref byDueCheckedAt) != long.MinValue && clock.GetElapsedTime(Interlocked.Read(ref byDueCheckedAt), now) < TimeSpan.FromSeconds(30))
        {
            return false;
        }

        Interlocked.Exchange(ref byDueCheckedAt, now);
        byDueBuilt = (await index.GetEntityIfExistsAsync<TableEntity>(MetaPartition, ByDueBuiltRow, cancellationToken: cancellationToken)).HasValue;
        return byDueBuilt;
    }

    /// <summary>Written before the transaction and idempotent: a retry rewrites the new row and deletes the old one again.</summary>
    async Task WriteByCaseworkerAsync(RegisteredPlan? old, RegisteredPlan plan, string json, CancellationToken cancellationToken)
    {
        await byCaseworker.UpsertEntityAsync(Row(DueRow(plan), plan, json, CaseworkerPartition(plan)), TableUpdateMode.Replace, cancellationToken);
        if (old is not null && (CaseworkerPartition(old) != CaseworkerPartition(plan) || DueRow(old) != DueRow(plan)))
        {
            await byCaseworker.DeleteEntityAsync(CaseworkerPartition(old), DueRow(old), ETag.All, cancellationToken);
        }
    }

    public Task<RegisterSummary> SummaryAsync(CancellationToken cancellationToken = default) => reader.SummaryAsync(cancellationToken);

    public Task<RegisterSlice> QueryAsync(RegisterQuery query, CancellationToken cancellationToken = default) => reader.QueryAsync(query, cancellationToken);

    public Task<(RegisterSlice Slice, RegisterSummary Summary)> QueryWithSummaryAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        reader.QueryWithSummaryAsync(query, cancellationToken);

    Task EnsureCreatedAsync(CancellationToken cancellationToken) => creation.RunAsync(cancellationToken);
}
