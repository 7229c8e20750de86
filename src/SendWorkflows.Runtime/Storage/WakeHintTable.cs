using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace SendWorkflows.Runtime;

/// <summary>A row saying "look at this instance at this time"; see <see cref="WakeHintTable"/>.</summary>
sealed record WakeHint(string RowKey, string InstancePartition, long WakeTicks, DateTimeOffset WrittenAt, ETag ETag);

/// <summary>
/// The wake index: one row per (wake time, instance) in one partition ordered by time, so finding due work reads
/// only the rows that are due instead of every instance row. A table cannot update it in the same transaction as
/// an instance partition, so it is a set of hints: a writer adds the hint before the instance write that needs
/// it (a crash in between leaves only a spare hint), and readers check each hint against its instance row
/// before trusting or deleting it (ADR 0004).
/// </summary>
sealed class WakeHintTable(TableClient table, Action countWrite)
{
    const string Partition = "wake";

    public Task CreateIfNotExistsAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public static string Key(long wakeTicks, string instancePartition) =>
        string.Create(CultureInfo.InvariantCulture, $"{wakeTicks:D19}|{instancePartition}");

    /// <summary>Writes (or rewrites) the hint; returns its ETag for a later conditional delete.</summary>
    public async Task<ETag> WriteAsync(long wakeTicks, string instancePartition, CancellationToken cancellation)
    {
        countWrite();
        var response = await table.UpsertEntityAsync(new TableEntity(Partition, Key(wakeTicks, instancePartition)), TableUpdateMode.Replace, cancellation);
        return response.Headers.ETag ?? ETag.All;
    }

    /// <summary>Deletes the hint unless it was rewritten since <paramref name="etag"/> (a rewrite means someone needs it).</summary>
    public async Task DeleteAsync(string rowKey, ETag etag, CancellationToken cancellation)
    {
        countWrite();
        try
        {
            await table.DeleteEntityAsync(Partition, rowKey, etag, cancellation);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }

    /// <summary>Hints in time order, all of them or only those due by <paramref name="upTo"/>.</summary>
    public async IAsyncEnumerable<WakeHint> ReadAsync(DateTimeOffset? upTo, int pageSize, [EnumeratorCancellation] CancellationToken cancellation)
    {
        var filter = upTo is { } due
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {(due.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, select: ["RowKey", "Timestamp"], cancellationToken: cancellation))
        {
            var separator = row.RowKey.IndexOf('|', StringComparison.Ordinal);
            if (separator != 19 || !long.TryParse(row.RowKey.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                continue; // not a hint this code wrote
            }

            yield return new WakeHint(row.RowKey, row.RowKey[(separator + 1)..], ticks, row.Timestamp ?? DateTimeOffset.MinValue, row.ETag);
        }
    }
}
