namespace SendWorkflows.Domain;

/// <summary>
/// One notification a workflow decided to send. It is recorded before delivery, so the record is both the audit
/// trail and the outbox's input. <see cref="Key"/> is deterministic (workflow instance and step), so an activity
/// that runs twice records it once; the outbox delivers once per (<see cref="Key"/>, recipient).
/// Minimum data: initials and case reference only, never a name or a date of birth.
/// </summary>
public sealed record Notification(
    string Key,
    NotificationKind Kind,
    string CaseId,
    DateOnly On,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    DateOnly? DueOn,
    NotificationFacts Facts);

/// <summary>What a template needs to say beyond the contract's fields. Every member is optional.</summary>
public sealed record NotificationFacts
{
    public static NotificationFacts None { get; } = new();

    public string? ChildInitials { get; init; }

    /// <summary>The contacts-directory key the request went to (advice ladders).</summary>
    public string? ContactKey { get; init; }

    public ContactRole? ContactRole { get; init; }

    public string? SettingName { get; init; }

    /// <summary>When the thing asked for was requested (the start of the clock the recipient is held to).</summary>
    public DateOnly? RequestedOn { get; init; }

    public DateOnly? MeetingOn { get; init; }

    /// <summary>Which statutory step's deadline was missed (<see cref="NotificationKind.StatutoryDeadlineMissed"/>).</summary>
    public StatutoryStep? MissedStep { get; init; }

    /// <summary>Who was already chased about this item (escalations say so).</summary>
    public IReadOnlyList<string> AlreadyChased { get; init; } = [];

    /// <summary>The workflow event a recipient's response raises (for the signed response link), if any.</summary>
    public string? ResponseEvent { get; init; }

    /// <summary>
    /// Nobody was asked about this before this notification (a plan loaded with its review already overdue,
    /// docs/adr/0033): the e-mail must not say that anyone was chased.
    /// </summary>
    public bool FirstNotice { get; init; }

    /// <summary>
    /// A recipient copied in who is the one asked to act (the setting copied on that first notice): they get their
    /// own response link and wording rather than "for information".
    /// </summary>
    public string? RespondentEmail { get; init; }

    /// <summary>
    /// The workflow instance that recorded this notification and awaits any response to it. A response link names it
    /// (signed), so the link's target is never worked out from <see cref="Notification.Key"/> (docs/adr/0065).
    /// Null in notifications recorded before it existed: those e-mails carry no link.
    /// </summary>
    public string? AwaitingInstanceId { get; init; }

    /// <summary>For a notice to the family: the decision it tells them of (the contract's spelling: assess, decline, maintain, amend, cease).</summary>
    public string? FamilyDecision { get; init; }

    /// <summary>
    /// A notice to a family with no e-mail address on file: it goes to the caseworker, who prints and posts it. Never
    /// holds the family's address: a professional's copy never shows it.
    /// </summary>
    public bool SendByPost { get; init; }

    /// <summary>Lines of a list notification (<see cref="NotificationKind.TermlyReviewList"/>, <see cref="NotificationKind.WeeklyDigest"/>).</summary>
    public IReadOnlyList<NotificationItem> Items { get; init; } = [];

    /// <summary>The figures of a <see cref="NotificationKind.MonthlyReport"/>.</summary>
    public MonthlyKpis? Kpis { get; init; }
}

/// <summary>One line of a list notification.</summary>
public sealed record NotificationItem(string CaseId, string ChildInitials, string What, DateOnly? DueOn, string? Status = null);
