using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// The notification log on Azure Table Storage. Recording a notification writes its record and one outbox row per
/// recipient in a single transaction, so a notification is either recorded and queued for every recipient or not
/// at all; a second record with the same key fails the whole transaction and is reported as "not new". Its copy in the
/// by-week index (another partition, so not in that transaction) is added after it, also when the record was already
/// there: an activity retried after a crash between the two completes the index (ADR 0115).
/// </summary>
public sealed class TableNotificationLog(NotificationTable table, TimeProvider time) : INotificationLog
{
    /// <summary>A transaction holds at most 100 entities: the record and 99 outbox rows.</summary>
    public const int MaxRecipients = 99;

    public async Task<bool> RecordAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrWhiteSpace(notification.Key, nameof(notification));
        ArgumentException.ThrowIfNullOrWhiteSpace(notification.CaseId, nameof(notification));
        var rows = OutboxRow.For(notification, time.GetUtcNow());
        if (rows.Count == 0)
        {
            throw new ArgumentException($"Notification '{notification.Key}' ({notification.Kind}, case {notification.CaseId}) has no recipients.", nameof(notification));
        }

        if (rows.Count > MaxRecipients)
        {
            throw new ArgumentException($"Notification '{notification.Key}' has {rows.Count} recipients; at most {MaxRecipients} fit one transaction.", nameof(notification));
        }

        await table.EnsureCreatedAsync();
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, NotificationTable.ToRecord(notification)) };
        actions.AddRange(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r.ToEntity())));
        bool isNew;
        try
        {
            await table.Client.SubmitTransactionAsync(actions, cancellationToken);
            isNew = true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            isNew = false;
        }

        await AddToWeekIndexAsync(notification, cancellationToken);
        return isNew;
    }

    async Task AddToWeekIndexAsync(Notification notification, CancellationToken cancellationToken)
    {
        try
        {
            await table.Client.AddEntityAsync(NotificationTable.ToWeekIndexRow(notification), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Indexed already: the first record wins, as in the log.
        }
    }

    public async IAsyncEnumerable<Notification> OnDatesAsync(
        DateOnly from, DateOnly until, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await table.EnsureCreatedAsync();
        var found = new List<Notification>();
        if (from >= until)
        {
            yield break;
        }

        // One query over the weeks' partitions (a key range), not one per week: Azurite tests every entity of the
        // table for each query, so eight weeks cost eight scans of the whole log there.
        var filter = TableClient.CreateQueryFilter(
                $"PartitionKey ge {NotificationTable.WeekPartitionFor(from)} and PartitionKey le {NotificationTable.WeekPartitionFor(until.AddDays(-1))}")
            + " and " + NotificationTable.PrefixFilter(NotificationTable.WeekIndexPrefix);
        await foreach (var entity in table.Client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var notification = NotificationTable.FromRecord(entity);
            if (notification.On >= from && notification.On < until)
            {
                found.Add(notification);
            }
        }

        foreach (var notification in found.OrderBy(n => n.On).ThenBy(n => n.Key, StringComparer.Ordinal))
        {
            yield return notification;
        }
    }

    public async IAsyncEnumerable<Notification> ForCaseAsync(string caseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await table.EnsureCreatedAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {NotificationTable.PartitionKeyFor(caseId)}")
            + " and " + NotificationTable.PrefixFilter(NotificationTable.RecordPrefix);
        var notifications = new List<Notification>();
        await foreach (var entity in table.Client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            notifications.Add(NotificationTable.FromRecord(entity));
        }

        // A case has few notifications: return them in the order they were due to go out, not in key order.
        foreach (var notification in notifications.OrderBy(n => n.On).ThenBy(n => n.Key, StringComparer.Ordinal))
        {
            yield return notification;
        }
    }

    /// <summary>
    /// Copies into the by-week index the notifications recorded before it existed (ADR 0115), once: a marker row says
    /// it is done. Adding a copy that is there already is ignored, so a run cut short is simply run again. Returns how
    /// many records it read.
    /// </summary>
    public async Task<int> BackfillWeekIndexAsync(CancellationToken cancellationToken = default)
    {
        await table.EnsureCreatedAsync();
        if ((await table.Client.GetEntityIfExistsAsync<TableEntity>(BackfillPartition, BackfillRow, cancellationToken: cancellationToken)).HasValue)
        {
            return 0;
        }

        var read = 0;
        await foreach (var notification in AllAsync(cancellationToken))
        {
            await AddToWeekIndexAsync(notification, cancellationToken);
            read++;
        }

        await table.Client.UpsertEntityAsync(new TableEntity(BackfillPartition, BackfillRow), TableUpdateMode.Replace, cancellationToken);
        return read;
    }

    // No case's partition: a case id's ':' is escaped (TableKeys), and no RowKey here starts with a record's or a week copy's prefix.
    const string BackfillPartition = "meta:week-index";
    const string BackfillRow = "backfill";

    public async IAsyncEnumerable<Notification> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await table.EnsureCreatedAsync();
        await foreach (var entity in table.Client.QueryAsync<TableEntity>(NotificationTable.PrefixFilter(NotificationTable.RecordPrefix), cancellationToken: cancellationToken))
        {
            yield return NotificationTable.FromRecord(entity);
        }
    }
}
