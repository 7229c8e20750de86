using Azure;
using Azure.Data.Tables;

namespace SendWorkflows.Runtime;

/// <summary>
/// The instances that failed, one row each (row key = the instance's partition), so listing them, as the dashboard does on
/// every overview, reads this small table instead of testing every row of the instances table (ADR 0112). Like the
/// wake hints (ADR 0004) it cannot change in the instance's transaction, so it is a set of hints: a row is written
/// before the commit that makes an instance Failed, and a reader checks each row against the instance row and drops
/// a row whose instance is no longer failed (rewound, restarted, purged, or a commit that never landed).
/// </summary>
sealed class FailedInstanceIndex(TableClient table, Action countWrite)
{
    const string Partition = "failed";

    /// <summary>Says that every instance that failed before the index existed has its row (sorts after instance keys' characters).</summary>
    const string CompleteMarker = "~complete";

    public Task CreateIfNotExistsAsync(CancellationToken cancellation) => table.CreateIfNotExistsAsync(cancellation);

    public async Task AddAsync(string instancePartition, CancellationToken cancellation)
    {
        countWrite();
        await table.UpsertEntityAsync(new TableEntity(Partition, instancePartition), TableUpdateMode.Replace, cancellation);
    }

    public async Task RemoveAsync(string instancePartition, CancellationToken cancellation)
    {
        countWrite();
        try
        {
            await table.DeleteEntityAsync(Partition, instancePartition, ETag.All, cancellation);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    public async Task<bool> IsCompleteAsync(CancellationToken cancellation) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(Partition, CompleteMarker, select: ["RowKey"], cancellationToken: cancellation)).HasValue;

    public Task MarkCompleteAsync(CancellationToken cancellation) =>
        table.UpsertEntityAsync(new TableEntity(Partition, CompleteMarker), TableUpdateMode.Replace, cancellation);

    /// <summary>The partitions of the instances listed as failed.</summary>
    public async Task<List<string>> ReadAsync(CancellationToken cancellation)
    {
        var partitions = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), select: ["RowKey"], cancellationToken: cancellation))
        {
            if (row.RowKey != CompleteMarker)
            {
                partitions.Add(row.RowKey);
            }
        }

        return partitions;
    }
}
