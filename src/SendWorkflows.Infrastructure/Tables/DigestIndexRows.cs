using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// A register table's digest index (docs/adr/0115): besides its row in the main partition, an entry with a
/// <see cref="DigestIndex"/> bucket has a copy in partition <c>digest:{bucket}</c>, so the weekly digest reads a key
/// range of a few partitions. The main row remembers its bucket (column <c>DigestBucket</c>) so a move deletes the old copy.
/// Writes go copy first, then the removal of the old copy, then the main row: an activity retried after a crash at any
/// point reads the old bucket again from the main row and finishes the move.
/// </summary>
sealed class DigestIndexRows<T>(JsonEntityTable<T> table, string mainPartition)
{
    const string BucketColumn = "DigestBucket";
    const string Prefix = "digest:";

    /// <param name="mainRowAbsent">
    /// The caller knows the main row was never written (ADR 0127), so there is no old bucket to read; the main row is
    /// then inserted, and if one exists after all (written before the caller's knowledge could hold) the write goes on
    /// as a move.
    /// </param>
    public async Task UpsertAsync(string row, T value, string? bucket, Dictionary<string, object?> columns, CancellationToken cancellationToken, bool mainRowAbsent = false)
    {
        var old = mainRowAbsent ? null : await table.GetColumnAsync(mainPartition, row, BucketColumn, cancellationToken);
        if (bucket is not null)
        {
            await table.UpsertAsync(Prefix + bucket, row, value, cancellationToken: cancellationToken);
        }

        columns[BucketColumn] = bucket ?? "";
        if (mainRowAbsent)
        {
            if (await table.TryAddAsync(mainPartition, row, value, columns, cancellationToken))
            {
                return;
            }

            old = await table.GetColumnAsync(mainPartition, row, BucketColumn, cancellationToken);
        }

        if (old is { Length: > 0 } && old != bucket)
        {
            await table.DeleteAsync(Prefix + old, row, cancellationToken);
        }

        await table.UpsertAsync(mainPartition, row, value, columns, cancellationToken);
    }

    /// <summary>
    /// Files every row written before the index existed (no <c>DigestBucket</c> column) through <paramref name="upsert"/>,
    /// once: a marker row in partition <c>meta</c> says it is done. Returns how many rows it filed.
    /// </summary>
    public async Task<int> BackfillAsync(Func<T, Task> upsert, CancellationToken cancellationToken)
    {
        if (await table.GetColumnAsync(MetaPartition, BackfillMarker, "Done", cancellationToken) is not null)
        {
            return 0;
        }

        var filed = 0;
        foreach (var value in await table.WithoutColumnAsync(mainPartition, BucketColumn, cancellationToken))
        {
            await upsert(value);
            filed++;
        }

        await table.UpsertAsync(MetaPartition, BackfillMarker, default!, new Dictionary<string, object?> { ["Done"] = "yes" }, cancellationToken);
        return filed;
    }

    const string MetaPartition = "meta";
    const string BackfillMarker = "digest-index-backfill";

    /// <summary>The copies in <see cref="DigestIndex.Always"/> alone: one partition, one query.</summary>
    public IAsyncEnumerable<T> ReadAlwaysAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Prefix + DigestIndex.Always, cancellationToken);

    /// <summary>The copies in <see cref="DigestIndex.Always"/> and in every month up to <paramref name="until"/>'s.</summary>
    public async IAsyncEnumerable<T> ReadAsync(DateOnly until, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Month buckets ("yyyy-MM") sort before "always": "digest:" up to "digest:{month}" is every month so far.
        await foreach (var value in table.QueryPartitionsAsync(Prefix, Prefix + DigestIndex.Month(until), cancellationToken))
        {
            yield return value;
        }

        await foreach (var value in table.QueryAsync(Prefix + DigestIndex.Always, cancellationToken))
        {
            yield return value;
        }
    }
}
