using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

/// <summary>
/// Instances in one Azure table, one partition per instance:
/// <c>!</c> the instance row (scheduling columns + the record as JSON), <c>h|gen|n</c> one history row per episode,
/// <c>m|</c> inbox messages, <c>a|</c> activity work items, <c>o|</c> outbox rows, and <c>p|</c> overflow rows for
/// bodies too big to sit in a row; each key also carries the partition (<see cref="InstanceRowKeys"/>, ADR 0122), so no
/// two partitions share one, and a store in the first layout is moved on start (<see cref="FirstLayoutUpgrade"/>). Every commit is one entity-group transaction conditional on the instance row's
/// ETag. Bodies above <see cref="InlineBodyLimit"/> characters are written first, in their own transactions, to
/// overflow rows the committed row then points to, so no row nears 64 KiB a property or 1 MiB, and no
/// transaction nears 4 MiB (at most 99 small rows). Due work is found through a second table of wake hints
/// (<see cref="WakeHintTable"/>), so its cost follows the work that is due, not the number of instances.
/// </summary>
public sealed class AzureTableOrchestrationStore : IOrchestrationStore
{
    const int InlineBodyLimit = 12_000;       // characters; UTF-16 so 24 KB, times 99 rows stays under 4 MiB
    const int OverflowPropertyLength = 30_000; // characters per property: 60 KB < 64 KiB
    const int OverflowPropertiesPerRow = 8;    // 480 KB per overflow row < 1 MiB
    const int MaxActionsPerTransaction = 100;
    const int HintPageSize = 100;
    const int KnownPartitionCapacity = 50_000;
    const int DueRowCapacity = 10_000;
    static readonly TimeSpan DueRowFreshness = TimeSpan.FromMinutes(1);
    static readonly JsonSerializerOptions Json = OrchestrationJson.Options;

    /// <summary>A hint whose instance row has not been written since is left alone this long: its write may be on the way.</summary>
    static readonly TimeSpan AbandonedHintAge = TimeSpan.FromMinutes(10);

    readonly TableClient table;
    readonly WakeHintTable hints;
    readonly FailedInstanceIndex failed;
    readonly FirstLayoutUpgrade upgrade;
    readonly TimeSpan hintRepairInterval;

    /// <summary>
    /// Per instance partition, the hint this process wrote for the wake time it last wrote and the instance row's ETag after
    /// that write. Only a write from exactly that row version may reuse the hint (saves rewriting it) or delete it as
    /// replaced: after any other write (a delivery racing the step in this process, or another process) the hint may be the
    /// one the row's wake relies on (ADR 0129).
    /// </summary>
    readonly ConcurrentDictionary<string, OwnHint> ownHints = new(StringComparer.Ordinal);

    /// <summary>
    /// Per instance partition, its inbox, activities and outbox as this process last wrote them, valid while the instance
    /// row keeps that ETag (every writer to a partition changes it): a load then costs a point read, not a partition query (ADR 0121).
    /// </summary>
    readonly KnownPartitions known = new(KnownPartitionCapacity);

    /// <summary>
    /// The instance rows <see cref="FindDueInstancesAsync"/> read to find the instances it named, each taken once by
    /// <see cref="GetDueInstanceAsync"/> within a minute: the pick-up leases under the ETag the hint check saw
    /// instead of reading the row a second time.
    /// </summary>
    readonly ConcurrentDictionary<string, (TableEntity Row, long ReadAt)> dueRows = new(StringComparer.Ordinal);

    /// <summary>
    /// The rows <see cref="GetDueInstanceAsync"/> answered from <see cref="dueRows"/>, for the load that follows the pick-up:
    /// a partition this process knows at that row's ETag is then loaded without reading the row again (ADR 0133).
    /// </summary>
    readonly ConcurrentDictionary<string, (TableEntity Row, long ReadAt)> takenRows = new(StringComparer.Ordinal);

    DateTimeOffset nextRepair = DateTimeOffset.MinValue;
    long transactions;
    long queries;
    long pointReads;
    long hintsRepaired;
    int repairing;

    /// <param name="hintRepairInterval">
    /// How often (in real time) the wake hints are checked against every instance row, the backstop for a hint lost to a
    /// race between processes; the first look for work after start always checks. Default 10 minutes.
    /// </param>
    public AzureTableOrchestrationStore(TableServiceClient client, string taskHubName, TimeSpan? hintRepairInterval = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskHubName);
        if (!taskHubName.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(taskHubName[0]) || taskHubName.Length is < 3 or > 50)
        {
            throw new ArgumentException($"Task hub name '{taskHubName}' must be 3-50 ASCII letters or digits, starting with a letter (it names a table).", nameof(taskHubName));
        }

        table = client.GetTableClient(taskHubName + "Instances");
        hints = new WakeHintTable(client.GetTableClient(taskHubName + "Wakes"), () => Interlocked.Increment(ref transactions));
        upgrade = new FirstLayoutUpgrade(table, () => Interlocked.Increment(ref transactions));
        failed = new FailedInstanceIndex(client.GetTableClient(taskHubName + "Failed"), () => Interlocked.Increment(ref transactions));
        this.hintRepairInterval = hintRepairInterval ?? TimeSpan.FromMinutes(10);
    }

    internal TableClient TableForTesting => table;

    /// <summary>Storage requests made (each transaction, insert, update or delete counts once); for the benchmark.</summary>
    public long StorageWrites => Interlocked.Read(ref transactions);

    /// <summary>Queries of the instances table (partition loads and scans); for the benchmark.</summary>
    public long StorageQueries => Interlocked.Read(ref queries);

    /// <summary>Point reads of an instance row; for the benchmark.</summary>
    public long StoragePointReads => Interlocked.Read(ref pointReads);

    /// <summary>Point reads of an instance row by what made them; for the benchmark.</summary>
    public IReadOnlyDictionary<PointReadSite, long> PointReadsBySite =>
        Enum.GetValues<PointReadSite>().ToDictionary(site => site, site => Interlocked.Read(ref pointReadsBySite[(int)site]));

    readonly long[] pointReadsBySite = new long[Enum.GetValues<PointReadSite>().Length];

    void CountPointRead(PointReadSite site)
    {
        Interlocked.Increment(ref pointReads);
        Interlocked.Increment(ref pointReadsBySite[(int)site]);
    }

    /// <summary>Wake hints the backstop had to restore (instances that would otherwise have slept until the next check).</summary>
    public long HintsRepaired => Interlocked.Read(ref hintsRepaired);

    public async Task CreateIfNotExistsAsync(CancellationToken cancellation = default)
    {
        await table.CreateIfNotExistsAsync(cancellation);
        await hints.CreateIfNotExistsAsync(cancellation);
        await failed.CreateIfNotExistsAsync(cancellation);
        await upgrade.EnsureAsync(cancellation);
    }

    /// <summary>Instance partitions this store moved from the first row-key layout (ADR 0122), for a host's log and tests.</summary>
    public int PartitionsUpgraded => upgrade.PartitionsMoved;

    public async Task<bool> TryCreateInstanceAsync(InstanceRecord instance, InboxMessage startMessage, CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        var pk = TableKeys.Escape(instance.InstanceId);
        var record = instance with { WakeAt = Earliest(instance.WakeAt, startMessage.DueAt) };
        var actions = new List<TableTransactionAction>();
        var overflow = new List<TableEntity>();
        var start = startMessage with { Sequence = NextSequence() };
        actions.Add(new(TableTransactionActionType.Add, InstanceEntity(pk, record, overflow)));
        actions.Add(new(TableTransactionActionType.Add, MessageEntity(pk, start, overflow)));
        var hint = await HintBeforeWriteAsync(pk, record.WakeAt, replacing: null, cancellation);
        string? createdETag;
        try
        {
            await WriteOverflowAsync(overflow, cancellation);
            var created = await SubmitAsync(actions, cancellation);
            createdETag = created.Value[0].Headers.ETag?.ToString();
            known.Remember(pk, createdETag, KnownPartition.Empty.With(start));
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            await DropSpareHintAsync(pk, hint.Current, cancellation);
            return false;
        }

        await HintAfterWriteAsync(pk, hint, createdETag, cancellation);
        return true;
    }

    /// <summary>The instance already existed: take back the hint just written for it, unless it is the one it wakes by.</summary>
    async Task DropSpareHintAsync(string pk, OwnHint? hint, CancellationToken cancellation)
    {
        if (hint is null)
        {
            return;
        }

        CountPointRead(PointReadSite.SpareHint);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRowKeys.Instance(pk), select: ["WakeAt", "WakeTicks"], cancellationToken: cancellation);
        if (!existing.HasValue || existing.Value is null || WakeTicks(existing.Value) != hint.WakeTicks)
        {
            await hints.DeleteAsync(WakeHintTable.Key(hint.WakeTicks, pk), hint.ETag, cancellation);
        }
    }

    public Task<StoredInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellation) =>
        ReadInstanceAsync(instanceId, PointReadSite.Instance, cancellation);

    async Task<StoredInstance?> ReadInstanceAsync(string instanceId, PointReadSite site, CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        var pk = TableKeys.Escape(instanceId);
        CountPointRead(site);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRowKeys.Instance(pk), cancellationToken: cancellation);
        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        var entity = response.Value;
        var overflow = entity.ContainsKey("BodyRef") ? await QueryPartitionAsync(pk, InstanceRowKeys.Prefix(pk, "p|"), cancellation) : [];
        return new StoredInstance(ReadInstance(entity, Index(overflow)), entity.ETag.ToString());
    }

    /// <summary>
    /// The row the hint check read, if this store found the instance due within the last minute (and its record
    /// is in the row); otherwise a read. A row changed since fails the lease commit on its ETag, as a read would have
    /// had the lease been taken a moment later.
    /// </summary>
    public async Task<StoredInstance?> GetDueInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        var pk = TableKeys.Escape(instanceId);
        if (dueRows.TryRemove(pk, out var kept) && Stopwatch.GetElapsedTime(kept.ReadAt) < DueRowFreshness)
        {
            Keep(takenRows, pk, kept);
            return new StoredInstance(ReadInstance(kept.Row, EmptyOverflow), kept.Row.ETag.ToString());
        }

        return await ReadInstanceAsync(instanceId, PointReadSite.PickUp, cancellation);
    }

    public async Task<InstanceWork?> LoadWorkAsync(string instanceId, bool includeHistory, CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        var pk = TableKeys.Escape(instanceId);
        if (!includeHistory && await LoadKnownWorkAsync(pk, cancellation) is { } knownWork)
        {
            return knownWork;
        }

        var filter = includeHistory
            ? TableClient.CreateQueryFilter($"PartitionKey eq {pk}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {pk} and (RowKey lt {"h|"} or RowKey ge {"h}"})");
        var rows = new List<TableEntity>();
        Interlocked.Increment(ref queries);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellation))
        {
            rows.Add(row);
        }

        var instanceRow = rows.FirstOrDefault(r => r.RowKey == InstanceRowKeys.Instance(pk));
        if (instanceRow is null)
        {
            return null;
        }

        var overflow = Index(rows.Where(r => r.RowKey.StartsWith("p|", StringComparison.Ordinal)));
        var record = ReadInstance(instanceRow, overflow);
        List<HistoryEvent>? history = null;
        if (includeHistory)
        {
            history = [];
            var prefix = InstanceRowKeys.HistoryPrefix(pk, record.Generation);
            foreach (var row in rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(r => r.RowKey, StringComparer.Ordinal))
            {
                try
                {
                    history.AddRange(JsonSerializer.Deserialize<List<HistoryEvent>>(ReadBody(row, overflow), Json)
                        ?? throw new JsonException("the row holds null"));
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new CorruptHistoryException(instanceId, $"history row '{row.RowKey}' cannot be read ({ex.Message}).", ex);
                }
            }
        }

        return new InstanceWork(
            new StoredInstance(record, instanceRow.ETag.ToString()),
            Bodies<InboxMessage>(instanceId, rows, "m|", overflow),
            Bodies<ActivityWorkItem>(instanceId, rows, "a|", overflow),
            Bodies<OutboxMessage>(instanceId, rows, "o|", overflow),
            history);
    }

    public async Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        var pk = TableKeys.Escape(commit.InstanceId);
        var overflow = new List<TableEntity>();
        var instanceRow = InstanceEntity(pk, commit.Record, overflow);
        // A new partition (ADR 0133) inserts its instance row: the transaction fails with 409 if the instance exists.
        var actions = new List<TableTransactionAction>
        {
            commit.CreatesPartition
                ? new(TableTransactionActionType.Add, instanceRow)
                : new(TableTransactionActionType.UpdateReplace, instanceRow, new ETag(commit.ETag)),
        };
        if (commit.AppendHistory.Count > 0)
        {
            var start = commit.Record.HistoryCount - commit.AppendHistory.Count;
            var row = new TableEntity(pk, InstanceRowKeys.History(pk, commit.Record.Generation, start));
            WriteBody(row, JsonSerializer.Serialize(commit.AppendHistory, Json), overflow);
            actions.Add(new(TableTransactionActionType.Add, row));
        }

        var sequence = NextSequence();
        var added = commit.AddMessages.Select(m => m with { Sequence = sequence++ }).ToList();
        actions.AddRange(commit.RemoveMessageIds.Select(id => Delete(pk, "m|", id)));
        actions.AddRange(added.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, MessageEntity(pk, m, overflow))));
        actions.AddRange(commit.RemoveActivityIds.Select(id => Delete(pk, "a|", id)));
        actions.AddRange(commit.AddActivities.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, BodyEntity(pk, "a|", a.Id, a, overflow))));
        actions.AddRange(commit.RemoveOutboxIds.Select(id => Delete(pk, "o|", id)));
        actions.AddRange(commit.AddOutbox.Select(o => new TableTransactionAction(TableTransactionActionType.UpsertReplace, BodyEntity(pk, "o|", o.Id, o, overflow))));
        if (actions.Count > MaxActionsPerTransaction)
        {
            throw new InvalidOperationException(
                $"Instance '{commit.InstanceId}': one step would write {actions.Count} rows, more than a table transaction's {MaxActionsPerTransaction}. " +
                "Schedule fewer tasks at once (fan out in batches or through sub-orchestrations).");
        }

        var hint = await HintBeforeWriteAsync(pk, commit.Record.WakeAt, replacing: commit.CreatesPartition ? null : commit.ETag, cancellation);
        if (commit.Record.Status == OrchestrationRuntimeStatus.Failed)
        {
            await failed.AddAsync(pk, cancellation); // before the commit: a failed instance is never missing from the index
        }

        await WriteOverflowAsync(overflow, cancellation);
        Response<IReadOnlyList<Response>> responses;
        try
        {
            responses = await SubmitAsync(actions, cancellation);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && commit.CreatesPartition)
        {
            await DropSpareHintAsync(pk, hint.Current, cancellation); // the instance existed: nothing of this commit was written
            throw new OrchestrationConcurrencyException(commit.InstanceId);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404 or 409)
        {
            ownHints.TryRemove(pk, out _); // someone else wrote the instance: what this process knew of its hints may be stale
            known.Forget(pk);
            throw new OrchestrationConcurrencyException(commit.InstanceId);
        }
        catch
        {
            ownHints.TryRemove(pk, out _);
            known.Forget(pk);
            throw;
        }

        var committedETag = responses.Value[0].Headers.ETag?.ToString();
        known.Committed(pk, commit, added, committedETag);

        await HintAfterWriteAsync(pk, hint, committedETag, cancellation);

        if (commit.Record.Generation > 0 && commit.Record.HistoryCount == commit.AppendHistory.Count)
        {
            try
            {
                await DeleteHistoryBeforeAsync(pk, commit.Record.Generation, cancellation); // a generation just began
            }
            catch (RequestFailedException)
            {
                // The commit stands: reporting it failed would make the runtime redo an episode that is stored. What is
                // left is unreachable, and the next generation's trim deletes it.
            }
        }

        return responses.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table service returned no ETag for the instance row.");
    }

    /// <summary>
    /// Best effort after a ContinueAsNew commit: older generations' history is unreachable, so delete it. The commit
    /// returned the lease, so the next generation's trim (another worker's) may delete the same rows at the same time,
    /// and a retried batch may find its rows gone: a row already deleted is what a trim wants.
    /// </summary>
    async Task DeleteHistoryBeforeAsync(string pk, int generation, CancellationToken cancellation)
    {
        var stale = new List<TableTransactionAction>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {InstanceRowKeys.Prefix(pk, "h|")} and RowKey lt {InstanceRowKeys.HistoryPrefix(pk, generation)}");
        Interlocked.Increment(ref queries);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellation))
        {
            stale.Add(new(TableTransactionActionType.Delete, row, ETag.All));
        }

        foreach (var chunk in stale.Chunk(MaxActionsPerTransaction))
        {
            try
            {
                await SubmitAsync(chunk, cancellation);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // One missing row fails the whole batch; delete the rest one at a time.
                foreach (var action in chunk)
                {
                    await DeleteIfExistsAsync(action.Entity.PartitionKey, action.Entity.RowKey, cancellation);
                }
            }
        }
    }

    async Task DeleteIfExistsAsync(string pk, string rowKey, CancellationToken cancellation)
    {
        Interlocked.Increment(ref transactions);
        try
        {
            await table.DeleteEntityAsync(pk, rowKey, ETag.All, cancellation);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task<bool> DeliverAsync(string instanceId, InboxMessage message, CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        var pk = TableKeys.Escape(instanceId);
        while (true)
        {
            CountPointRead(PointReadSite.Delivery);
            var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRowKeys.Instance(pk),
                select: ["PartitionKey", "RowKey", "Status", "WakeAt", "WakeTicks"], cancellationToken: cancellation);
            if (!response.HasValue || response.Value is null)
            {
                return false;
            }

            var row = response.Value;
            known.Forget(pk); // a message the known copy lacks is on its way in
            if (Enum.TryParse<OrchestrationRuntimeStatus>(row.GetString("Status"), out var status) && IsTerminal(status))
            {
                return true;
            }

            var wakeAt = Earliest(row.GetDateTimeOffset("WakeAt"), message.DueAt)!.Value;
            var update = new TableEntity(pk, InstanceRowKeys.Instance(pk)) { ["WakeAt"] = wakeAt, ["WakeTicks"] = wakeAt.UtcTicks };
            var wakeMoves = WakeTicks(row) != wakeAt.UtcTicks;
            var hint = wakeMoves ? await HintBeforeWriteAsync(pk, wakeAt, replacing: row.ETag.ToString(), cancellation) : default;
            var overflow = new List<TableEntity>();
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateMerge, update, row.ETag),
                new(TableTransactionActionType.Add, MessageEntity(pk, message with { Sequence = NextSequence() }, overflow)),
            };
            string? deliveredETag;
            try
            {
                await WriteOverflowAsync(overflow, cancellation);
                deliveredETag = (await SubmitAsync(actions, cancellation)).Value[0].Headers.ETag?.ToString();
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                return true; // delivered before: same id
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412)
            {
                ownHints.TryRemove(pk, out _);
                continue; // the instance changed meanwhile; read it again
            }

            if (wakeMoves)
            {
                await HintAfterWriteAsync(pk, hint, deliveredETag, cancellation);
            }
            else
            {
                KeepOwnHint(pk, row.ETag.ToString(), deliveredETag);
            }

            return true;
        }
    }

    public async Task<IReadOnlyList<string>> FindDueInstancesAsync(DateTimeOffset now, int maxCount, CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        await RepairHintsIfDueAsync(cancellation);
        var due = new List<string>();
        var page = new List<WakeHint>(HintPageSize);
        await foreach (var hint in hints.ReadAsync(upTo: now, HintPageSize, cancellation))
        {
            page.Add(hint);
            if (page.Count == HintPageSize)
            {
                await AddDueAsync(page);
                if (due.Count >= maxCount)
                {
                    break;
                }

                page.Clear();
            }
        }

        if (page.Count is > 0 and < HintPageSize)
        {
            await AddDueAsync(page);
        }

        return due.Count > maxCount ? due[..maxCount] : due;

        async Task AddDueAsync(List<WakeHint> hintPage)
        {
            foreach (var wake in await Task.WhenAll(hintPage.Select(h => CheckHintAsync(h, wholeRow: true, cancellation))))
            {
                if (wake is { } w && w.EffectiveWake <= now && !due.Contains(w.InstanceId))
                {
                    due.Add(w.InstanceId);
                    KeepDueRow(w.Row);
                }
            }
        }
    }

    public async Task<DateTimeOffset?> GetNextWakeAsync(CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        await RepairHintsIfDueAsync(cancellation);
        DateTimeOffset? earliest = null;
        await foreach (var hint in hints.ReadAsync(upTo: null, HintPageSize, cancellation))
        {
            if (earliest is { } found && hint.WakeTicks >= found.UtcTicks)
            {
                break; // hints are in time order and an effective wake is never before its hint
            }

            if (await CheckHintAsync(hint, wholeRow: false, cancellation) is { } wake)
            {
                earliest = Earliest(earliest, wake.EffectiveWake);
            }
        }

        return earliest;
    }

    /// <summary>
    /// The instance's wake (pushed back by a live lease) when the hint matches its instance row. Otherwise the hint
    /// is spare and is deleted, unless the instance row was not written since the hint was: then a write that needs
    /// the hint may still be on its way (it is deleted only once it is old enough to be abandoned). With
    /// <paramref name="wholeRow"/> the whole row is read, for the pick-up that may follow (<see cref="GetDueInstanceAsync"/>).
    /// </summary>
    async Task<(string InstanceId, DateTimeOffset EffectiveWake, TableEntity Row)?> CheckHintAsync(WakeHint hint, bool wholeRow, CancellationToken cancellation)
    {
        CountPointRead(wholeRow ? PointReadSite.DueHintCheck : PointReadSite.NextWakeHintCheck);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(hint.InstancePartition, InstanceRowKeys.Instance(hint.InstancePartition),
            select: wholeRow ? null : ["InstanceId", "WakeAt", "WakeTicks", "LeaseUntil", "Timestamp"], cancellationToken: cancellation);
        var row = response.HasValue ? response.Value : null;
        if (row is not null && WakeTicks(row) == hint.WakeTicks)
        {
            var wake = new DateTimeOffset(hint.WakeTicks, TimeSpan.Zero);
            return (row.GetString("InstanceId"), EffectiveWake(wake, row.GetDateTimeOffset("LeaseUntil"))!.Value, row);
        }

        if (row?.Timestamp > hint.WrittenAt || hint.WrittenAt < DateTimeOffset.UtcNow - AbandonedHintAge)
        {
            await hints.DeleteAsync(hint.RowKey, hint.ETag, cancellation);
        }

        return null;
    }

    /// <summary>A due instance's row, for its pick-up; not one whose record is in overflow rows (a read fetches those).</summary>
    void KeepDueRow(TableEntity row)
    {
        if (row.GetString("Body") is null)
        {
            return;
        }

        Keep(dueRows, row.PartitionKey, (row, Stopwatch.GetTimestamp()));
    }

    static void Keep(ConcurrentDictionary<string, (TableEntity Row, long ReadAt)> rows, string pk, (TableEntity Row, long ReadAt) kept)
    {
        if (rows.Count >= DueRowCapacity)
        {
            rows.Clear(); // rows named but never picked up or loaded (another runtime's, or this one's still in flight) go stale anyway
        }

        rows[pk] = kept;
    }

    /// <summary>
    /// The backstop: every instance row with a wake time gets its hint back if it lost it (two processes racing on one
    /// instance can, rarely, delete a hint that was about to be needed). Also fills the index of a store written before it.
    /// </summary>
    async Task RepairHintsIfDueAsync(CancellationToken cancellation)
    {
        if (DateTimeOffset.UtcNow < nextRepair || Interlocked.Exchange(ref repairing, 1) == 1)
        {
            return;
        }

        try
        {
            var existing = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var hint in hints.ReadAsync(upTo: null, 1000, cancellation))
            {
                existing.Add(hint.RowKey);
            }

            var filter = InstanceRowKeys.EveryInstanceRow + " and " + TableClient.CreateQueryFilter($"WakeAt ge {DateTime.MinValue.AddYears(1800)}");
            Interlocked.Increment(ref queries);
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "WakeAt", "WakeTicks"], cancellationToken: cancellation))
            {
                if (WakeTicks(row) is { } ticks && !existing.Contains(WakeHintTable.Key(ticks, row.PartitionKey)))
                {
                    await hints.WriteAsync(ticks, row.PartitionKey, cancellation);
                    Interlocked.Increment(ref hintsRepaired);
                }
            }

            nextRepair = DateTimeOffset.UtcNow + hintRepairInterval;
        }
        finally
        {
            Volatile.Write(ref repairing, 0);
        }
    }

    /// <summary>
    /// Makes sure a hint exists for the wake time about to be written (before the write, so a crash leaves a spare, never a
    /// gap), and names the hint of the row version <paramref name="replacing"/> (null for a new row) if this process wrote
    /// it. That hint is reused when the wake stays, else deleted once the write succeeded; a hint known from any other row
    /// version is neither, since the row may have moved to it since (ADR 0129).
    /// </summary>
    async Task<HintChange> HintBeforeWriteAsync(string pk, DateTimeOffset? wakeAt, string? replacing, CancellationToken cancellation)
    {
        var replaced = replacing is not null && ownHints.TryGetValue(pk, out var own) && own.RowETag == replacing ? own : null;
        if (wakeAt is not { } wake)
        {
            return new(null, replaced);
        }

        if (replaced?.WakeTicks == wake.UtcTicks)
        {
            return new(replaced, null);
        }

        return new(new OwnHint(wake.UtcTicks, await hints.WriteAsync(wake.UtcTicks, pk, cancellation), null), replaced);
    }

    /// <summary>After a successful write (to row version <paramref name="rowETag"/>): remembers its hint and deletes the one it replaced, unless rewritten since.</summary>
    async Task HintAfterWriteAsync(string pk, HintChange change, string? rowETag, CancellationToken cancellation)
    {
        if (change.Current is { } current && rowETag is not null)
        {
            ownHints[pk] = current with { RowETag = rowETag };
        }
        else
        {
            ownHints.TryRemove(pk, out _);
        }

        if (change.Replaced is { } replaced && replaced.WakeTicks != change.Current?.WakeTicks)
        {
            await hints.DeleteAsync(WakeHintTable.Key(replaced.WakeTicks, pk), replaced.ETag, cancellation);
        }
    }

    /// <summary>A write that left the wake where it was (a delivery due later): the hint of the row version it replaced is the new version's.</summary>
    void KeepOwnHint(string pk, string replacing, string? rowETag)
    {
        if (rowETag is not null && ownHints.TryGetValue(pk, out var own) && own.RowETag == replacing)
        {
            ownHints.TryUpdate(pk, own with { RowETag = rowETag }, own);
        }
    }

    /// <summary>A wake hint this process wrote, and the instance row version (ETag) whose wake it is; null until that write succeeded.</summary>
    sealed record OwnHint(long WakeTicks, ETag ETag, string? RowETag);

    /// <summary>The hint a write relies on, and the hint of the row version it replaces (to delete after it, if the wake moved).</summary>
    readonly record struct HintChange(OwnHint? Current, OwnHint? Replaced);

    static long? WakeTicks(TableEntity row) => row.GetInt64("WakeTicks") ?? row.GetDateTimeOffset("WakeAt")?.UtcTicks;

    public async IAsyncEnumerable<InstanceRecord> QueryInstancesAsync(OrchestrationQuery query, [EnumeratorCancellation] CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        var results = OnlyFailed(query) && await failed.IsCompleteAsync(cancellation)
            ? await FailedFromIndexAsync(cancellation)
            : await ScanInstancesAsync(query, cancellation);
        foreach (var record in results.Where(query.Matches).OrderBy(r => r.InstanceId, StringComparer.Ordinal))
        {
            yield return record;
        }
    }

    static bool OnlyFailed(OrchestrationQuery query) =>
        query.Statuses?.ToList() is { Count: > 0 } statuses && statuses.All(s => s == OrchestrationRuntimeStatus.Failed);

    /// <summary>The instances the failed index lists, each checked against its own row; rows whose instance is no longer failed are dropped.</summary>
    async Task<List<InstanceRecord>> FailedFromIndexAsync(CancellationToken cancellation)
    {
        var results = new List<InstanceRecord>();
        foreach (var pk in await failed.ReadAsync(cancellation))
        {
            CountPointRead(PointReadSite.FailedIndex);
            var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRowKeys.Instance(pk), cancellationToken: cancellation);
            if (!response.HasValue || response.Value is null || response.Value.GetString("Status") != nameof(OrchestrationRuntimeStatus.Failed))
            {
                await failed.RemoveAsync(pk, cancellation);
                continue;
            }

            var row = response.Value;
            results.Add(ReadInstance(row, row.ContainsKey("BodyRef") ? Index(await QueryPartitionAsync(pk, InstanceRowKeys.Prefix(pk, "p|"), cancellation)) : EmptyOverflow));
        }

        return results;
    }

    /// <summary>
    /// Every instance row the filter selects, a scan of the table (on Azure, of every partition). The first scan for
    /// failed instances also fills the failed index with what it finds, so later ones read the index.
    /// </summary>
    async Task<List<InstanceRecord>> ScanInstancesAsync(OrchestrationQuery query, CancellationToken cancellation)
    {
        var fillsIndex = OnlyFailed(query);
        if (fillsIndex)
        {
            query = query with { InstanceIdPrefix = null, CreatedFrom = null, CreatedTo = null }; // every failed instance, for the index
        }

        var filter = InstanceRowKeys.EveryInstanceRow;
        if (query.InstanceIdPrefix is { Length: > 0 } prefix)
        {
            filter += " and " + TableClient.CreateQueryFilter($"InstanceId ge {prefix} and InstanceId lt {TableKeys.PrefixUpperBound(prefix)}");
        }

        if (query.CreatedFrom is { } from)
        {
            filter += " and " + TableClient.CreateQueryFilter($"CreatedAt ge {from.UtcDateTime}");
        }

        if (query.CreatedTo is { } to)
        {
            filter += " and " + TableClient.CreateQueryFilter($"CreatedAt le {to.UtcDateTime}");
        }

        if (query.Statuses?.ToList() is { Count: > 0 } statuses)
        {
            filter += " and (" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"Status eq {s.ToString()}"))) + ")";
        }

        var results = new List<InstanceRecord>();
        var withOverflow = new List<TableEntity>();
        Interlocked.Increment(ref queries);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellation))
        {
            if (row.ContainsKey("BodyRef"))
            {
                withOverflow.Add(row);
                continue;
            }

            results.Add(ReadInstance(row, EmptyOverflow));
        }

        foreach (var row in withOverflow)
        {
            results.Add(ReadInstance(row, Index(await QueryPartitionAsync(row.PartitionKey, InstanceRowKeys.Prefix(row.PartitionKey, "p|"), cancellation))));
        }

        if (fillsIndex)
        {
            foreach (var record in results)
            {
                await failed.AddAsync(TableKeys.Escape(record.InstanceId), cancellation);
            }

            await failed.MarkCompleteAsync(cancellation);
        }

        return results;
    }

    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        await upgrade.EnsureAsync(cancellation);
        var pk = TableKeys.Escape(instanceId);
        known.Forget(pk);
        var rows = new List<TableTransactionAction>();
        Interlocked.Increment(ref queries);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellation))
        {
            rows.Add(new(TableTransactionActionType.Delete, row, ETag.All));
        }

        // The instance row goes first, so a purge interrupted half-way leaves only unreachable rows behind.
        var ordered = rows.OrderBy(a => a.Entity.RowKey == InstanceRowKeys.Instance(pk) ? 0 : 1).ToList();
        foreach (var chunk in ordered.Chunk(MaxActionsPerTransaction))
        {
            await SubmitAsync(chunk, cancellation);
        }

        if (ownHints.TryRemove(pk, out var hint))
        {
            await hints.DeleteAsync(WakeHintTable.Key(hint.WakeTicks, pk), hint.ETag, cancellation);
        }

        await failed.RemoveAsync(pk, cancellation);
        return rows.Any(a => a.Entity.RowKey == InstanceRowKeys.Instance(pk));
    }

    /// <summary>
    /// The partition as this process last wrote it, if the instance row still has that ETag (then nothing else was
    /// written to the partition since); null when unknown or changed. The record is read from the row itself.
    /// </summary>
    async Task<InstanceWork?> LoadKnownWorkAsync(string pk, CancellationToken cancellation)
    {
        if (!known.TryGet(pk, out var etag, out var partition))
        {
            return null;
        }

        TableEntity? row;
        if (takenRows.TryRemove(pk, out var taken) && Stopwatch.GetElapsedTime(taken.ReadAt) < DueRowFreshness && taken.Row.ETag.ToString() == etag)
        {
            row = taken.Row; // the row the pick-up took, as the hint check read it: a change since fails the next commit, as after a read
        }
        else
        {
            CountPointRead(PointReadSite.KnownLoad);
            var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRowKeys.Instance(pk), cancellationToken: cancellation);
            row = response.HasValue ? response.Value : null;
        }

        if (row is null || row.ETag.ToString() != etag || row.GetString("Body") is null)
        {
            known.Forget(pk); // changed since, gone, or its record is in overflow rows: load the partition
            return null;
        }

        return new InstanceWork(new StoredInstance(ReadInstance(row, EmptyOverflow), etag),
            [.. partition.Messages.Values], [.. partition.Activities.Values], [.. partition.Outbox.Values], null);
    }

    // ---- rows ----

    static TableEntity InstanceEntity(string pk, InstanceRecord record, List<TableEntity> overflow)
    {
        var entity = new TableEntity(pk, InstanceRowKeys.Instance(pk))
        {
            ["InstanceId"] = record.InstanceId,
            ["Name"] = record.Name,
            ["Status"] = record.Status.ToString(),
            ["CreatedAt"] = record.CreatedAt,
            ["WakeAt"] = record.WakeAt,
            ["WakeTicks"] = record.WakeAt?.UtcTicks,
            ["LeaseUntil"] = record.LeaseUntil,
            ["LeaseOwner"] = record.LeaseOwner,
        };
        // The wake and lease fields live in columns only: deliveries merge them without rewriting the body.
        WriteBody(entity, JsonSerializer.Serialize(record with { WakeAt = null, LeaseUntil = null, LeaseOwner = null }, Json), overflow);
        return entity;
    }

    static InstanceRecord ReadInstance(TableEntity entity, IReadOnlyDictionary<string, TableEntity> overflow)
    {
        var record = JsonSerializer.Deserialize<InstanceRecord>(ReadBody(entity, overflow), Json)
            ?? throw new InvalidOperationException($"Instance row of partition '{entity.PartitionKey}' holds no record.");
        return record with
        {
            WakeAt = entity.GetDateTimeOffset("WakeAt"),
            LeaseUntil = entity.GetDateTimeOffset("LeaseUntil"),
            LeaseOwner = entity.GetString("LeaseOwner"),
        };
    }

    static TableEntity MessageEntity(string pk, InboxMessage message, List<TableEntity> overflow) =>
        BodyEntity(pk, "m|", message.Id, message, overflow);

    static TableEntity BodyEntity<T>(string pk, string kind, string id, T body, List<TableEntity> overflow)
    {
        var entity = new TableEntity(pk, InstanceRowKeys.Row(pk, kind, id));
        WriteBody(entity, JsonSerializer.Serialize(body, Json), overflow);
        return entity;
    }

    static List<T> Bodies<T>(string instanceId, List<TableEntity> rows, string kind, IReadOnlyDictionary<string, TableEntity> overflow)
    {
        var bodies = new List<T>();
        foreach (var row in rows.Where(r => r.RowKey.StartsWith(kind, StringComparison.Ordinal)))
        {
            try
            {
                bodies.Add(JsonSerializer.Deserialize<T>(ReadBody(row, overflow), Json) ?? throw new JsonException("the row holds null"));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or KeyNotFoundException)
            {
                throw new CorruptHistoryException(instanceId, $"row '{row.RowKey}' cannot be read ({ex.Message}).", ex);
            }
        }

        return bodies;
    }

    static TableTransactionAction Delete(string pk, string kind, string id) =>
        new(TableTransactionActionType.Delete, new TableEntity(pk, InstanceRowKeys.Row(pk, kind, id)), ETag.All);

    static void WriteBody(TableEntity entity, string json, List<TableEntity> overflow)
    {
        if (json.Length <= InlineBodyLimit)
        {
            entity["Body"] = json;
            return;
        }

        var id = Guid.NewGuid().ToString("N");
        var pieces = json.Chunk(OverflowPropertyLength).Select(c => new string(c)).ToList();
        var rowCount = 0;
        foreach (var rowPieces in pieces.Chunk(OverflowPropertiesPerRow))
        {
            var row = new TableEntity(entity.PartitionKey, InstanceRowKeys.Overflow(entity.PartitionKey, id, rowCount++));
            for (var i = 0; i < rowPieces.Length; i++)
            {
                row[$"P{i}"] = rowPieces[i];
            }

            overflow.Add(row);
        }

        entity["BodyRef"] = id;
        entity["BodyRows"] = rowCount;
    }

    static string ReadBody(TableEntity entity, IReadOnlyDictionary<string, TableEntity> overflow)
    {
        if (entity.GetString("Body") is { } inline)
        {
            return inline;
        }

        var id = entity.GetString("BodyRef") ?? throw new KeyNotFoundException($"Row '{entity.RowKey}' has neither a body nor an overflow reference.");
        var rows = entity.GetInt32("BodyRows") ?? 0;
        var builder = new System.Text.StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            var key = InstanceRowKeys.Overflow(entity.PartitionKey, id, r);
            if (!overflow.TryGetValue(key, out var row))
            {
                throw new KeyNotFoundException($"Overflow row '{key}' of row '{entity.RowKey}' is missing.");
            }

            for (var i = 0; row.GetString($"P{i}") is { } piece; i++)
            {
                builder.Append(piece);
            }
        }

        return builder.ToString();
    }

    static readonly IReadOnlyDictionary<string, TableEntity> EmptyOverflow = new Dictionary<string, TableEntity>();

    static Dictionary<string, TableEntity> Index(IEnumerable<TableEntity> rows) => rows.ToDictionary(r => r.RowKey, StringComparer.Ordinal);

    async Task<List<TableEntity>> QueryPartitionAsync(string pk, string rowPrefix, CancellationToken cancellation)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {rowPrefix} and RowKey lt {TableKeys.PrefixUpperBound(rowPrefix)}");
        Interlocked.Increment(ref queries);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellation))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Overflow rows are written before the transaction that refers to them (a crash leaves only garbage).</summary>
    async Task WriteOverflowAsync(List<TableEntity> overflow, CancellationToken cancellation)
    {
        foreach (var row in overflow)
        {
            Interlocked.Increment(ref transactions);
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellation);
        }
    }

    async Task<Response<IReadOnlyList<Response>>> SubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellation)
    {
        Interlocked.Increment(ref transactions);
        return await table.SubmitTransactionAsync(actions, cancellation);
    }

    static long lastSequence;

    /// <summary>Arrival order for messages: strictly increasing in this process, roughly time-ordered across processes.</summary>
    static long NextSequence()
    {
        while (true)
        {
            var last = Interlocked.Read(ref lastSequence);
            var next = Math.Max(last + 1, DateTime.UtcNow.Ticks);
            if (Interlocked.CompareExchange(ref lastSequence, next, last) == last)
            {
                return next;
            }
        }
    }

    static bool IsTerminal(OrchestrationRuntimeStatus status) => RuntimeStatuses.IsTerminal(status);

    static DateTimeOffset? EffectiveWake(DateTimeOffset? wake, DateTimeOffset? lease) => wake is { } w && lease is { } l && l > w ? l : wake;

    static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}

