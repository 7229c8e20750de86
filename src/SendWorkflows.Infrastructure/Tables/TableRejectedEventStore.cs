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
/// goes in a <c>Settlement</c> column of its own row, written once under the row's ETag.
/// </summary>
public sealed class TableRejectedEventStore(TableServiceClient service, TimeProvider clock) : IRejectedEventStore, IRejectedItems
{
    public const string TableName = "rejectedevents";
    const string Partition = "rejected";
    readonly JsonEntityTable<RejectedEvent> table = new(service, TableName);

    /// <summary>Longest raw text kept: the record is one JSON property, which Table storage caps at 32K characters.</summary>
    public const int MaxRawLength = 8_000;

    /// <summary>Longest id, case id, type or reason kept; an input longer than that is itself what is wrong with it.</summary>
    public const int MaxFieldLength = 512;

    public Task RecordAsync(RejectedEvent rejected, CancellationToken cancellationToken = default)
    {
        rejected = Bounded(rejected);
        var now = clock.GetUtcNow();
        var row = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        return table.TryAddAsync(Partition, row, rejected,
            new Dictionary<string, object?> { ["RecordedAt"] = now, ["Source"] = rejected.Source, ["EventId"] = rejected.EventId, ["CaseId"] = rejected.CaseId },
            cancellationToken);
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

    public IAsyncEnumerable<RejectedEvent> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);

    const string SettlementColumn = "Settlement";
    static readonly string[] ItemColumns = ["RowKey", "Json", SettlementColumn];

    public async IAsyncEnumerable<RejectedItem> ItemsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        await foreach (var entity in Entities.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ItemColumns, cancellationToken: cancellationToken))
        {
            yield return Item(entity);
        }
    }

    public async Task<RejectedItem?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        var found = await Entities.GetEntityIfExistsAsync<TableEntity>(Partition, key, ItemColumns, cancellationToken);
        return found.HasValue ? Item(found.Value!) : null;
    }

    public async Task<bool> SettleAsync(string key, RejectedItemSettlement settlement, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        var found = await Entities.GetEntityIfExistsAsync<TableEntity>(Partition, key, ItemColumns, cancellationToken);
        if (!found.HasValue || found.Value!.GetString(SettlementColumn) is { Length: > 0 })
        {
            return false;
        }

        try
        {
            // Merge under the ETag read: of two administrators settling at once, the second finds the row changed.
            var update = new TableEntity(Partition, key) { [SettlementColumn] = JsonSerializer.Serialize(settlement, TableJson.Options) };
            await Entities.UpdateEntityAsync(update, found.Value.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    TableClient Entities => service.GetTableClient(TableName);

    Task? creation;

    // The JSON table creates it on first write; a store read before any rejection must find it too. Once per store.
    Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref creation);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            current = Entities.CreateIfNotExistsAsync(cancellationToken);
            Volatile.Write(ref creation, current);
        }

        return current;
    }

    static RejectedItem Item(TableEntity entity) => new(
        entity.RowKey,
        JsonSerializer.Deserialize<RejectedEvent>(entity.GetString("Json"), TableJson.Options)
            ?? throw new InvalidDataException($"Rejected item {entity.RowKey} holds no value."),
        entity.GetString(SettlementColumn) is { Length: > 0 } settlement ? JsonSerializer.Deserialize<RejectedItemSettlement>(settlement, TableJson.Options) : null);
}
