using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// One Azure table of JSON documents: each entity keeps its value in a <c>Json</c> column (plus a few plain columns
/// for people reading the table in Storage Explorer). Creates the table on first use.
/// </summary>
sealed class JsonEntityTable<T>(TableServiceClient service, string tableName)
{
    const string JsonColumn = "Json";
    readonly TableClient table = service.GetTableClient(tableName);
    readonly OnceUntilDone creation = new(ct => service.GetTableClient(tableName).CreateIfNotExistsAsync(ct));

    public async Task UpsertAsync(string partition, string row, T value, IReadOnlyDictionary<string, object?>? columns = null, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await table.UpsertEntityAsync(Entity(partition, row, value, columns), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Inserts; false when an entity with that key already exists (the store's idempotency check).</summary>
    public async Task<bool> TryAddAsync(string partition, string row, T value, IReadOnlyDictionary<string, object?>? columns = null, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(Entity(partition, row, value, columns), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    public async Task<T?> GetAsync(string partition, string row, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, [JsonColumn], cancellationToken);
        return found.HasValue ? Read(found.Value!) : default;
    }

    /// <summary>
    /// The values of those of <paramref name="rows"/> that exist in one partition, by key. A query names at most 14
    /// keys (Table storage allows 15 comparisons in a filter, one is the partition's), so 50 keys are 4 queries, not 50
    /// point reads: fewer requests for Azurite's one thread, and fewer transactions on Azure.
    /// </summary>
    public async Task<Dictionary<string, T>> GetManyAsync(string partition, IEnumerable<string> rows, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var round in rows.Distinct(StringComparer.Ordinal).Chunk(KeysPerQuery).Chunk(QueriesAtOnce))
        {
            var read = await Task.WhenAll(round.Select(async keys =>
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and ("
                    + string.Join(" or ", keys.Select(key => TableClient.CreateQueryFilter($"RowKey eq {key}"))) + ")";
                var values = new List<(string Key, T Value)>();
                await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey", JsonColumn], cancellationToken: cancellationToken))
                {
                    values.Add((entity.RowKey, Read(entity)));
                }

                return values;
            }));
            foreach (var (key, value) in read.SelectMany(r => r))
            {
                found[key] = value;
            }
        }

        return found;
    }

    const int KeysPerQuery = 14;
    const int QueriesAtOnce = 4;

    public async IAsyncEnumerable<T> QueryAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: [JsonColumn], cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    /// <summary>A string column of one entity, or null when the entity or the column is missing.</summary>
    public async Task<string?> GetColumnAsync(string partition, string row, string column, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, [column], cancellationToken);
        return found.HasValue ? found.Value!.GetString(column) : null;
    }

    /// <summary>The values in <paramref name="partition"/> whose entity has no <paramref name="column"/> (a one-off migration's read).</summary>
    public async Task<List<T>> WithoutColumnAsync(string partition, string column, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var found = new List<T>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: [JsonColumn, column], cancellationToken: cancellationToken))
        {
            if (!entity.ContainsKey(column))
            {
                found.Add(Read(entity));
            }
        }

        return found;
    }

    /// <summary>Deletes one entity; one already gone is fine (a repeated write).</summary>
    public async Task DeleteAsync(string partition, string row, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    /// <summary>The entities of every partition from <paramref name="first"/> to <paramref name="last"/> (both included): a key range, not a scan.</summary>
    public async IAsyncEnumerable<T> QueryPartitionsAsync(string first, string last, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey le {last}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: [JsonColumn], cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    /// <summary>The entities of every partition in any of <paramref name="ranges"/> (each from its first to its last key, both included), in one query.</summary>
    public async IAsyncEnumerable<T> QueryPartitionRangesAsync(IEnumerable<(string First, string Last)> ranges, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var filter = string.Join(" or ", ranges.Select(r => "(" + TableClient.CreateQueryFilter($"PartitionKey ge {r.First} and PartitionKey le {r.Last}") + ")"));
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: [JsonColumn], cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    public async IAsyncEnumerable<T> QueryColumnAsync(string column, string value, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(column + " eq " + TableClient.CreateQueryFilter($"{value}"), select: [JsonColumn], cancellationToken: cancellationToken))
        {
            yield return Read(entity);
        }
    }

    static T Read(TableEntity entity) =>
        JsonSerializer.Deserialize<T>(entity.GetString(JsonColumn), TableJson.Options)
        ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} holds no value.");

    static TableEntity Entity(string partition, string row, T value, IReadOnlyDictionary<string, object?>? columns)
    {
        var entity = new TableEntity(partition, row) { [JsonColumn] = JsonSerializer.Serialize(value, TableJson.Options) };
        foreach (var (name, column) in columns ?? new Dictionary<string, object?>())
        {
            entity[name] = column;
        }

        return entity;
    }

    Task EnsureCreatedAsync(CancellationToken cancellationToken) => creation.RunAsync(cancellationToken);
}
