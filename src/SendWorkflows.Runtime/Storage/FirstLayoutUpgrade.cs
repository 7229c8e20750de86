using Azure;
using Azure.Data.Tables;

namespace SendWorkflows.Runtime;

/// <summary>
/// Moves instances stored in the first layout of the instances table (ADR 0002: row keys <c>!</c>, <c>m|id</c>, ...)
/// to the current one (<see cref="InstanceRowKeys"/>), once, before the store serves anything (ADR 0122). A marker row
/// in the instances table, in a partition no instance can have, says it is done. Each partition moves on its own: history and overflow rows (never changed once
/// written) are copied first, then one transaction deletes the old instance row, conditional on the ETag it was read
/// with, and adds the new one with copies of the inbox, activity and outbox rows; the old rows are deleted after.
/// A crash anywhere leaves each partition either still in the first layout (its old instance row is there; spare
/// copies are overwritten by the next attempt) or moved (old rows left over are deleted by the next attempt), so
/// running it again, in the same process or another, finishes the job; the marker is written only after every
/// partition has moved.
/// </summary>
sealed class FirstLayoutUpgrade(TableClient instances, Action countWrite)
{
    /// <summary>An escaped instance id has a <c>%</c> only before two hex digits, so no instance partition is this one.</summary>
    const string MarkerPartition = "%layout";
    const string MarkerRow = "instance-row-keys-2";
    const int MaxActionsPerTransaction = 100;
    const int PartitionsAtOnce = 8;

    Task? attempt;
    volatile bool done;

    /// <summary>Completes once the table holds no first-layout rows; a failed attempt is started again by the next caller.</summary>
    public Task EnsureAsync(CancellationToken cancellation)
    {
        if (done)
        {
            return Task.CompletedTask;
        }

        var current = Volatile.Read(ref attempt);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            current = RunAsync(cancellation);
            Volatile.Write(ref attempt, current);
        }

        return current;
    }

    /// <summary>Partitions moved by this process (for tests and the log of a start).</summary>
    public int PartitionsMoved { get; private set; }

    async Task RunAsync(CancellationToken cancellation)
    {
        if ((await instances.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRow, select: ["RowKey"], cancellationToken: cancellation)).HasValue)
        {
            done = true;
            return;
        }

        var partitions = new List<string>();
        await foreach (var row in instances.QueryAsync<TableEntity>(filter: (string?)null, select: ["PartitionKey", "RowKey"], cancellationToken: cancellation))
        {
            if (!InstanceRowKeys.IsCurrent(row.RowKey) && row.PartitionKey != MarkerPartition && (partitions.Count == 0 || partitions[^1] != row.PartitionKey))
            {
                partitions.Add(row.PartitionKey); // rows come back in partition order
            }
        }

        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = PartitionsAtOnce, CancellationToken = cancellation },
            async (pk, ct) => await MovePartitionAsync(pk, ct));
        countWrite();
        await instances.UpsertEntityAsync(new TableEntity(MarkerPartition, MarkerRow) { ["PartitionsMoved"] = partitions.Count }, TableUpdateMode.Replace, cancellation);
        PartitionsMoved = partitions.Count;
        done = true;
    }

    async Task MovePartitionAsync(string pk, CancellationToken cancellation)
    {
        while (true)
        {
            var rows = await instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), cancellationToken: cancellation).ToListAsync(cancellation);
            var old = rows.Where(r => !InstanceRowKeys.IsCurrent(r.RowKey)).ToList();
            var oldInstance = old.FirstOrDefault(r => r.RowKey == InstanceRowKeys.FirstLayoutInstance);
            if (oldInstance is null || rows.Any(r => r.RowKey == InstanceRowKeys.Instance(pk)))
            {
                // Moved already (these are left over), or rows no instance row refers to (an interrupted purge).
                await DeleteAsync(old, cancellation);
                return;
            }

            var live = old.Where(r => r.RowKey.Length >= 2 && r.RowKey[1] == '|' && r.RowKey[0] is 'm' or 'a' or 'o').ToList();
            var settled = old.Where(r => r != oldInstance && !live.Contains(r)).ToList();
            if (live.Count > MaxActionsPerTransaction - 2)
            {
                settled.AddRange(live); // too many for the switch: copy them ahead too (any stale copy is overwritten here)
                live.Clear();
            }

            foreach (var chunk in settled.Chunk(MaxActionsPerTransaction))
            {
                await SubmitAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Copy(pk, r))), cancellation);
            }

            List<TableTransactionAction> moveInstance =
            [
                new(TableTransactionActionType.Delete, oldInstance, oldInstance.ETag),
                new(TableTransactionActionType.Add, Copy(pk, oldInstance)),
                .. live.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Copy(pk, r))),
            ];
            try
            {
                await SubmitAsync(moveInstance, cancellation);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                continue; // written or moved by someone else meanwhile: read the partition again
            }

            await DeleteAsync(old.Where(r => r != oldInstance).ToList(), cancellation);
            return;
        }
    }

    /// <summary>The row under its current key, with its properties (not the service's Timestamp and ETag).</summary>
    static TableEntity Copy(string pk, TableEntity row)
    {
        var copy = new TableEntity(pk, InstanceRowKeys.FromFirstLayout(pk, row.RowKey));
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && !name.Contains("@odata", StringComparison.Ordinal))
            {
                copy[name] = value;
            }
        }

        return copy;
    }

    async Task DeleteAsync(List<TableEntity> rows, CancellationToken cancellation)
    {
        foreach (var chunk in rows.Chunk(MaxActionsPerTransaction))
        {
            try
            {
                await SubmitAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellation);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                foreach (var row in chunk)
                {
                    countWrite();
                    try
                    {
                        await instances.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellation);
                    }
                    catch (RequestFailedException gone) when (gone.Status == 404)
                    {
                    }
                }
            }
        }
    }

    async Task SubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellation)
    {
        countWrite();
        await instances.SubmitTransactionAsync(actions, cancellation);
    }
}
