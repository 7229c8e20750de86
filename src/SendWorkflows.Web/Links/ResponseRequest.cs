using SendWorkflows.Domain;

namespace SendWorkflows.Web.Links;

/// <summary>What a recipient can answer through a link: the workflow event it raises and how the page asks for it.</summary>
public sealed record ResponseRequest(string Event, string Question, string ConfirmLabel, bool AsksForMeetingDate, bool AsksForVisitDate = false)
{
    public const string MonitoringVisitRecorded = nameof(MonitoringVisitRecorded);
    public const string AdviceReceived = nameof(AdviceReceived);
    public const string ReviewMeetingScheduled = nameof(ReviewMeetingScheduled);
    public const string ReviewReportReceived = nameof(ReviewReportReceived);

    /// <summary>
    /// The request a notification makes of its recipients, or null when it asks nothing of them (reminders to
    /// staff, escalations to managers). The workflow says which event a response raises
    /// (<see cref="NotificationFacts.ResponseEvent"/>, null once nothing is awaited); the report chase always awaits the report.
    /// </summary>
    public static ResponseRequest? For(Notification notification)
    {
        var responseEvent = notification.Kind switch
        {
            NotificationKind.ReviewReportOverdue => ReviewReportReceived,
            NotificationKind.ReviewEscalation when notification.Facts.RespondentEmail is not null => notification.Facts.ResponseEvent,
            _ when AsksTheRecipient(notification.Kind) => notification.Facts.ResponseEvent,
            _ => null,
        };
        return responseEvent is null ? null : ForEvent(responseEvent);
    }

    /// <summary>The page for an event named in a link, or null for an event links may not raise.</summary>
    public static ResponseRequest? ForEvent(string responseEvent) => responseEvent switch
    {
        AdviceReceived => new(AdviceReceived,
            "Have you sent your advice?", "Yes, I have sent my advice", false),
        ReviewMeetingScheduled => new(ReviewMeetingScheduled,
            "What date is the meeting?", "Send the meeting date", true),
        ReviewReportReceived => new(ReviewReportReceived,
            "Have you sent the report?", "Yes, I have sent the report", false),
        MonitoringVisitRecorded => new(MonitoringVisitRecorded,
            "When did the visit take place?", "Record the visit", false, AsksForVisitDate: true),
        _ => null,
    };

    static bool AsksTheRecipient(NotificationKind kind) => kind is NotificationKind.AdviceRequest or NotificationKind.AdviceReminder
        or NotificationKind.AdviceOverdue or NotificationKind.ReviewAdviceRequest or NotificationKind.ReviewUpcoming
        or NotificationKind.ReviewMeetingNotScheduled or NotificationKind.MonitoringVisitDue or NotificationKind.MonitoringVisitOverdue;
}
