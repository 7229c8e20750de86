using Azure;
using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;

namespace SendWorkflows.Infrastructure.Outbox;

public enum OutboxStatus
{
    /// <summary>Waiting for its next attempt at <see cref="OutboxRow.NextAttemptAt"/>.</summary>
    Pending,

    /// <summary>Claimed by a dispatcher until <see cref="OutboxRow.LeaseUntil"/>; if that passes, the attempt was interrupted.</summary>
    Sending,

    Sent,

    /// <summary>Given up: a permanent failure or too many attempts. <see cref="OutboxRow.LastError"/> says why.</summary>
    DeadLettered,
}

/// <summary>Whether the recipient was addressed or copied in by the workflow.</summary>
public enum RecipientRole
{
    To,
    Cc,
}

/// <summary>One e-mail to one recipient of one recorded notification, and where its delivery stands.</summary>
public sealed record OutboxRow(
    string CaseId,
    string NotificationKey,
    string Recipient,
    RecipientRole Role,
    OutboxStatus Status,
    int Attempts,
    DateTimeOffset NextAttemptAt)
{
    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseUntil { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? ProviderMessageId { get; init; }

    /// <summary>Attempts that were claimed but never finished (the dispatcher died): each may or may not have sent.</summary>
    public int InterruptedAttempts { get; init; }

    /// <summary>
    /// Set while an interrupted attempt's fate is unresolved: when its lease ended. The provider is asked whether it
    /// has the message before the row is sent again (ADR 0044); cleared once that is decided.
    /// </summary>
    public DateTimeOffset? UnconfirmedAttemptEndedAt { get; init; }

    /// <summary>Marked sent because the provider confirmed it already had the message of an interrupted attempt.</summary>
    public bool ConfirmedAfterInterruption { get; init; }

    /// <summary>The row's identity and the idempotency key given to the provider: notification key and recipient.</summary>
    public string Id => NotificationTable.OutboxRowKey(NotificationKey, Recipient);

    /// <summary>
    /// How logs name the row: the notification key and a short hash of the recipient, so an operator can find it
    /// without the address (professionals' e-mail addresses are personal data too).
    /// </summary>
    public string LogId => $"{NotificationKey}#{RecipientHash(Recipient)}";

    internal static string RecipientHash(string recipient) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(recipient.Trim().ToLowerInvariant())))[..8];

    internal ETag ETag { get; init; }

    /// <summary>One row per distinct recipient (addresses compared without case); someone in both To and Cc is To.</summary>
    internal static IReadOnlyList<OutboxRow> For(Notification notification, DateTimeOffset now)
    {
        var rows = new List<OutboxRow>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (address, role) in notification.To.Select(a => (a, RecipientRole.To)).Concat(notification.Cc.Select(a => (a, RecipientRole.Cc))))
        {
            var recipient = address.Trim();
            if (recipient.Length == 0)
            {
                throw new ArgumentException($"Notification '{notification.Key}' has an empty {role} address.", nameof(notification));
            }

            if (seen.Add(recipient))
            {
                rows.Add(new OutboxRow(notification.CaseId, notification.Key, recipient.ToLowerInvariant(), role, OutboxStatus.Pending, 0, now));
            }
        }

        return rows;
    }

    internal TableEntity ToEntity() => new(NotificationTable.PartitionKeyFor(CaseId), Id)
    {
        ["CaseId"] = CaseId,
        ["NotificationKey"] = NotificationKey,
        ["Recipient"] = Recipient,
        ["Role"] = Role.ToString(),
        ["Status"] = Status.ToString(),
        ["Attempts"] = Attempts,
        ["NextAttemptAt"] = NextAttemptAt,
        ["LeaseOwner"] = LeaseOwner,
        ["LeaseUntil"] = LeaseUntil,
        ["LastError"] = LastError,
        ["SentAt"] = SentAt,
        ["ProviderMessageId"] = ProviderMessageId,
        ["InterruptedAttempts"] = InterruptedAttempts,
        ["UnconfirmedAttemptEndedAt"] = UnconfirmedAttemptEndedAt,
        ["ConfirmedAfterInterruption"] = ConfirmedAfterInterruption,
    };

    internal static OutboxRow FromEntity(TableEntity entity) => new(
        entity.GetString("CaseId"),
        entity.GetString("NotificationKey"),
        entity.GetString("Recipient"),
        Enum.Parse<RecipientRole>(entity.GetString("Role")),
        Enum.Parse<OutboxStatus>(entity.GetString("Status")),
        entity.GetInt32("Attempts") ?? 0,
        entity.GetDateTimeOffset("NextAttemptAt") ?? DateTimeOffset.MinValue)
    {
        LeaseOwner = entity.GetString("LeaseOwner"),
        LeaseUntil = entity.GetDateTimeOffset("LeaseUntil"),
        LastError = entity.GetString("LastError"),
        SentAt = entity.GetDateTimeOffset("SentAt"),
        ProviderMessageId = entity.GetString("ProviderMessageId"),
        InterruptedAttempts = entity.GetInt32("InterruptedAttempts") ?? 0,
        UnconfirmedAttemptEndedAt = entity.GetDateTimeOffset("UnconfirmedAttemptEndedAt"),
        ConfirmedAfterInterruption = entity.GetBoolean("ConfirmedAfterInterruption") ?? false,
        ETag = entity.ETag,
    };
}
