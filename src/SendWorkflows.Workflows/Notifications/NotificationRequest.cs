using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.Notifications;

/// <summary>
/// The command an orchestrator gives to record one notification (<see cref="RecordNotificationActivity"/>).
/// <paramref name="Key"/> is deterministic (instance, cycle and step), so a replayed or retried step records once.
/// </summary>
public sealed record NotificationRequest(
    string Key,
    NotificationKind Kind,
    string CaseId,
    DateOnly On,
    IReadOnlyList<Recipient> To,
    IReadOnlyList<Recipient> Cc,
    DateOnly? DueOn,
    NotificationFacts Facts);
