using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;

namespace SendWorkflows.Infrastructure.Outbox;

/// <summary>
/// The outbox rows in <see cref="NotificationTable"/>. Every state change is an ETag-conditioned replace, so of two
/// dispatchers racing for a row exactly one wins the claim, and a dispatcher whose lease was taken over cannot
/// overwrite the new owner's state.
/// </summary>
public sealed class TableOutboxStore(NotificationTable table)
{
    private TableClient Client => table.Client;

    /// <summary>
    /// Rows due now: pending ones whose next attempt has come, and ones whose claim lapsed (an interrupted attempt).
    /// This scans the table's outbox rows across partitions; fine for a council's volumes (ADR 0041).
    /// </summary>
    public async IAsyncEnumerable<OutboxRow> DueAsync(DateTimeOffset now, int max, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await table.EnsureCreatedAsync();
        var due = TableClient.CreateQueryFilter(
            $"(Status eq {nameof(OutboxStatus.Pending)} and NextAttemptAt le {now}) or (Status eq {nameof(OutboxStatus.Sending)} and LeaseUntil le {now})");
        var filter = $"{NotificationTable.PrefixFilter(NotificationTable.OutboxPrefix)} and ({due})";
        var count = 0;
        await foreach (var entity in Client.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
        {
            yield return OutboxRow.FromEntity(entity);
            if (++count >= max)
            {
                yield break;
            }
        }
    }

    /// <summary>Every outbox row, or those in <paramref name="status"/> (dead letters, for people to look at).</summary>
    public async IAsyncEnumerable<OutboxRow> ListAsync(OutboxStatus? status = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await table.EnsureCreatedAsync();
        var filter = NotificationTable.PrefixFilter(NotificationTable.OutboxPrefix);
        if (status is { } s)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {s.ToString()}");
        }

        await foreach (var entity in Client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return OutboxRow.FromEntity(entity);
        }
    }

    public async Task<OutboxRow?> FindAsync(string caseId, string notificationKey, string recipient, CancellationToken cancellationToken = default)
    {
        await table.EnsureCreatedAsync();
        var found = await Client.GetEntityIfExistsAsync<TableEntity>(
            NotificationTable.PartitionKeyFor(caseId),
            NotificationTable.OutboxRowKey(notificationKey, recipient.Trim().ToLowerInvariant()),
            cancellationToken: cancellationToken);
        return found.HasValue ? OutboxRow.FromEntity(found.Value!) : null;
    }

    /// <summary>The recorded notification a row delivers.</summary>
    public async Task<Notification?> NotificationForAsync(OutboxRow row, CancellationToken cancellationToken = default)
    {
        var found = await Client.GetEntityIfExistsAsync<TableEntity>(
            NotificationTable.PartitionKeyFor(row.CaseId), NotificationTable.RecordRowKey(row.NotificationKey), cancellationToken: cancellationToken);
        return found.HasValue ? NotificationTable.FromRecord(found.Value!) : null;
    }

    /// <summary>
    /// Puts a dead-lettered row back in the queue once its cause is fixed (a wrong API key dead-letters every row):
    /// due now, with a fresh count of attempts; the last error stays until the next attempt replaces it.
    /// Returns false if the row is not dead-lettered or changed meanwhile.
    /// </summary>
    public async Task<bool> RequeueAsync(OutboxRow deadLettered, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (deadLettered.Status != OutboxStatus.DeadLettered)
        {
            return false;
        }

        var requeued = deadLettered with { Status = OutboxStatus.Pending, Attempts = 0, NextAttemptAt = now };
        return await TryReplaceAsync(deadLettered, requeued, cancellationToken) is not null;
    }

    /// <summary>
    /// Replaces <paramref name="current"/> with <paramref name="next"/> if nobody changed the row since
    /// <paramref name="current"/> was read. Returns the stored row (with its new ETag), or null if someone did.
    /// </summary>
    public async Task<OutboxRow?> TryReplaceAsync(OutboxRow current, OutboxRow next, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Client.UpdateEntityAsync(next.ToEntity(), current.ETag, TableUpdateMode.Replace, cancellationToken);
            return next with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
