using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// <see cref="IRejectedEventStore"/> in the <c>rejectedevents</c> table. Row keys count down in time, so the
/// newest rejection reads first; nothing is ever overwritten. What became of an item (<see cref="IRejectedItems"/>)
/// goes in a <c>Settlement</c> column of its own row, written once under the row's ETag. The same partition keeps
/// counts (rows <c>~count:NN</c>, after every item's key): an item is added, or settled, in one transaction with a
/// count row under its ETag, so the overview counts items without reading them (ADR 0111).
/// </summary>
public sealed class TableRejectedEventStore(TableServiceClient service, TimeProvider clock) : IRejectedEventStore, IRejectedItems
{
    public const string TableName = "rejectedevents";
    const string Partition = "rejected";

    /// <summary>Longest raw text kept: the record is one JSON property, which Table storage caps at 32K characters.</summary>
    public const int MaxRawLength = 8_000;

    /// <summary>Longest id, case id, type or reason kept; an input longer than that is itself what is wrong with it.</summary>
    public const int MaxFieldLength = 512;

    const string JsonColumn = "Json";
    const string SettlementColumn = "Settlement";
    const string CountedColumn = "Counted";
    static readonly string[] ItemColumns = ["RowKey", JsonColumn, SettlementColumn, CountedColumn];

    // Items' keys are digits; the count rows and the marker sort after them, so a range of keys below "~" is the items.
    const string CountPrefix = "~count:";
    const string CountedMarker = "~counted";
    const int CountShards = 8;
    const int Attempts = 20;
    static readonly string ItemsFilter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {"~"}");

    public async Task RecordAsync(RejectedEvent rejected, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        rejected = Bounded(rejected);
        var now = clock.GetUtcNow();
        var key = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        var item = new TableEntity(Partition, key)
        {
            [JsonColumn] = JsonSerializer.Serialize(rejected, TableJson.Options),
            ["RecordedAt"] = now,
            ["Source"] = rejected.Source,
            ["EventId"] = rejected.EventId,
            ["CaseId"] = rejected.CaseId,
            [CountedColumn] = true,
        };
        await CountedChangeAsync(key, new TableTransactionAction(TableTransactionActionType.Add, item), total: +1, open: +1, cancellationToken);
    }

    /// <summary>
    /// Submits the item's action with one count shard's change in one transaction; a writer that changed the same
    /// shard first makes it fail, and it goes again on another shard. The item's own action never conflicts here
    /// (a new key, or a merge the caller has checked under its ETag: that failure is the caller's to handle).
    /// </summary>
    async Task CountedChangeAsync(string key, TableTransactionAction itemAction, int total, int open, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var shardKey = ShardKey(key, attempt);
            var shard = await Entities.GetEntityIfExistsAsync<TableEntity>(Partition, shardKey, cancellationToken: cancellationToken);
            var counts = new TableEntity(Partition, shardKey)
            {
                ["Total"] = (shard.HasValue ? shard.Value!.GetInt32("Total") ?? 0 : 0) + total,
                ["Open"] = (shard.HasValue ? shard.Value!.GetInt32("Open") ?? 0 : 0) + open,
            };
            TableTransactionAction[] actions =
            [
                itemAction,
                shard.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, counts, shard.Value!.ETag)
                    : new(TableTransactionActionType.Add, counts),
            ];
            try
            {
                await Entities.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException exception) when (exception.FailedTransactionActionIndex == 1 && exception.Status is 409 or 412 && attempt < Attempts)
            {
                // Another writer changed this count shard since we read it: try another.
            }
        }
    }

    /// <summary>Any shard will do, since the counts are their sum; a retry moves away from the writer it collided with.</summary>
    static string ShardKey(string itemKey, int attempt)
    {
        var hash = 17u + (uint)attempt;
        foreach (var c in itemKey)
        {
            hash = unchecked((hash * 31) + c);
        }

        return CountPrefix + (hash % CountShards).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A rejection small enough to store: an oversized input is kept shortened, saying how long it was, rather than
    /// failing the write (which would turn a bad input into a server error and lose it).
    /// </summary>
    static RejectedEvent Bounded(RejectedEvent rejected) => rejected with
    {
        Reason = Cut(rejected.Reason, MaxRawLength)!,
        EventId = Cut(rejected.EventId, MaxFieldLength),
        CaseId = Cut(rejected.CaseId, MaxFieldLength),
        Type = Cut(rejected.Type, MaxFieldLength),
        Raw = Cut(rejected.Raw, MaxRawLength),
    };

    static string? Cut(string? text, int max) =>
        text is null || text.Length <= max ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..max]}... (shortened: {text.Length} characters)");

    public async IAsyncEnumerable<RejectedEvent> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in ItemsAsync(cancellationToken))
        {
            yield return item.Rejected;
        }
    }

    public IAsyncEnumerable<RejectedItem> ItemsAsync(CancellationToken cancellationToken = default) => ReadAsync(int.MaxValue, cancellationToken);

    public async Task<IReadOnlyList<RejectedItem>> PageAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        var page = new List<RejectedItem>();
        var position = 0;
        await foreach (var item in ReadAsync(skip + take, cancellationToken))
        {
            if (position++ >= skip)
            {
                page.Add(item);
            }
        }

        return page;
    }

    /// <summary>The items keyed after <paramref name="after"/>: the key range from there to the count rows, read with <c>$top</c>.</summary>
    public async Task<IReadOnlyList<RejectedItem>> PageAfterAsync(string? after, int take, CancellationToken cancellationToken = default)
    {
        var filter = after is null
            ? ItemsFilter
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {after} and RowKey lt {"~"}");
        var page = new List<RejectedItem>();
        await foreach (var item in ReadAsync(take, cancellationToken, filter))
        {
            page.Add(item);
        }

        return page;
    }

    /// <summary>The first <paramref name="count"/> items of <paramref name="filter"/> (every item by default), read a page of the table at a time and no further.</summary>
    async IAsyncEnumerable<RejectedItem> ReadAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken, string? filter = null)
    {
        if (count <= 0)
        {
            yield break;
        }

        await EnsureTableAsync(cancellationToken);
        var read = 0;
        await foreach (var entity in Entities.QueryAsync<TableEntity>(filter ?? ItemsFilter, maxPerPage: Math.Clamp(count, 1, 1000), select: ItemColumns, cancellationToken: cancellationToken))
        {
            yield return Item(entity);

            // Stop at the last item wanted, before the enumerator asks the table for a next page.
            if (++read >= count)
            {
                yield break;
            }
        }
    }

    public async Task<RejectedCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        var once = LazyInitializer.EnsureInitialized(ref counting, () => new(_ => CountEarlierItemsAsync(CancellationToken.None)));
        await once.RunAsync(cancellationToken).WaitAsync(cancellationToken);
        var (total, open) = (0, 0);
        var shards = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {CountPrefix} and RowKey lt {CountPrefix + "~"}");
        await foreach (var shard in Entities.QueryAsync<TableEntity>(shards, select: ["Total", "Open"], cancellationToken: cancellationToken))
        {
            total += shard.GetInt32("Total") ?? 0;
            open += shard.GetInt32("Open") ?? 0;
        }

        return new RejectedCounts(total, open);
    }

    // Shared by every caller, so no one caller's cancellation stops it; a failed run is tried again by the next.
    OnceUntilDone? counting;

    /// <summary>
    /// Counts, once per table, the items stored before the counts were kept (no <c>Counted</c> column): each is marked
    /// counted in the same transaction as its count, under its ETag, so a settlement at the same moment is never
    /// counted twice or missed. A marker row then says it is done.
    /// </summary>
    async Task CountEarlierItemsAsync(CancellationToken cancellationToken)
    {
        if ((await Entities.GetEntityIfExistsAsync<TableEntity>(Partition, CountedMarker, cancellationToken: cancellationToken)).HasValue)
        {
            return;
        }

        var uncounted = new List<string>();
        await foreach (var entity in Entities.QueryAsync<TableEntity>(ItemsFilter, select: ["RowKey", CountedColumn], cancellationToken: cancellationToken))
        {
            if (entity.GetBoolean(CountedColumn) is not true)
            {
                uncounted.Add(entity.RowKey);
            }
        }

        foreach (var key in uncounted)
        {
            await CountEarlierItemAsync(key, cancellationToken);
        }

        await Entities.UpsertEntityAsync(new TableEntity(Partition, CountedMarker) { ["Done"] = true }, TableUpdateMode.Replace, cancellationToken);
    }

    async Task CountEarlierItemAsync(string key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var found = await Entities.GetEntityIfExistsAsync<TableEntity>(Partition, key, ItemColumns, cancellationToken);
            if (!found.HasValue || found.Value!.GetBoolean(CountedColumn) is true)
            {
                return;
            }

            var open = found.Value.GetString(SettlementColumn) is { Length: > 0 } ? 0 : 1;
            var mark = new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, key) { [CountedColumn] = true }, found.Value.ETag);
            try
            {
                await CountedChangeAsync(key, mark, total: +1, open: open, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException exception) when (exception.FailedTransactionActionIndex == 0 && exception.Status is 409 or 412)
            {
                // Settled (or counted) meanwhile: read it again.
            }
        }
    }

    public async Task<RejectedItem?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        if (IsCountRow(key))
        {
            return null;
        }

        var found = await Entities.GetEntityIfExistsAsync<TableEntity>(Partition, key, ItemColumns, cancellationToken);
        return found.HasValue ? Item(found.Value!) : null;
    }

    public async Task<bool> SettleAsync(string key, RejectedItemSettlement settlement, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        if (IsCountRow(key))
        {
            return false;
        }

        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var found = await Entities.GetEntityIfExistsAsync<TableEntity>(Partition, key, ItemColumns, cancellationToken);
            if (!found.HasValue || found.Value!.GetString(SettlementColumn) is { Length: > 0 })
            {
                return false;
            }

            // Merge under the ETag read: of two administrators settling at once, the second finds the row changed.
            var update = new TableEntity(Partition, key) { [SettlementColumn] = JsonSerializer.Serialize(settlement, TableJson.Options) };
            try
            {
                if (found.Value.GetBoolean(CountedColumn) is true)
                {
                    await CountedChangeAsync(key, new(TableTransactionActionType.UpdateMerge, update, found.Value.ETag), total: 0, open: -1, cancellationToken);
                }
                else
                {
                    // Not counted yet: the one-off count will find it settled.
                    await Entities.UpdateEntityAsync(update, found.Value.ETag, TableUpdateMode.Merge, cancellationToken);
                }

                return true;
            }
            catch (TableTransactionFailedException exception) when (exception.FailedTransactionActionIndex == 0 && exception.Status is 409 or 412 or 404)
            {
                // The item changed since it was read (settled, or counted): read it again.
            }
            catch (RequestFailedException exception) when (exception.Status is 412 or 404)
            {
            }
        }

        return false;
    }

    static bool IsCountRow(string key) => key.StartsWith('~');

    TableClient Entities => service.GetTableClient(TableName);

    readonly OnceUntilDone creation = new(ct => service.GetTableClient(TableName).CreateIfNotExistsAsync(ct));

    Task EnsureTableAsync(CancellationToken cancellationToken) => creation.RunAsync(cancellationToken);

    static RejectedItem Item(TableEntity entity) => new(
        entity.RowKey,
        JsonSerializer.Deserialize<RejectedEvent>(entity.GetString(JsonColumn), TableJson.Options)
            ?? throw new InvalidDataException($"Rejected item {entity.RowKey} holds no value."),
        entity.GetString(SettlementColumn) is { Length: > 0 } settlement ? JsonSerializer.Deserialize<RejectedItemSettlement>(settlement, TableJson.Options) : null);
}
