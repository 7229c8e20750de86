using SendWorkflows.Domain;

namespace SendWorkflows.Host.Links;

/// <summary>What a recipient can answer through a link: the workflow event it raises and how the page asks for it.</summary>
public sealed record ResponseRequest(string Event, string Question, string ConfirmLabel, bool AsksForMeetingDate)
{
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
            _ when AsksTheRecipient(notification.Kind) => notification.Facts.ResponseEvent,
            _ => null,
        };
        return responseEvent is null ? null : ForEvent(responseEvent);
    }

    /// <summary>The page for an event named in a link, or null for an event links may not raise.</summary>
    public static ResponseRequest? ForEvent(string responseEvent) => responseEvent switch
    {
        AdviceReceived => new(AdviceReceived,
            "Please confirm that you have submitted your advice for this case.", "Confirm advice submitted", false),
        ReviewMeetingScheduled => new(ReviewMeetingScheduled,
            "Please give the date fixed for this plan's annual review meeting.", "Confirm meeting date", true),
        ReviewReportReceived => new(ReviewReportReceived,
            "Please confirm that the report of the annual review meeting has been sent to the local authority.",
            "Confirm report sent", false),
        _ => null,
    };

    static bool AsksTheRecipient(NotificationKind kind) => kind is NotificationKind.AdviceRequest or NotificationKind.AdviceReminder
        or NotificationKind.AdviceOverdue or NotificationKind.ReviewAdviceRequest or NotificationKind.ReviewUpcoming
        or NotificationKind.ReviewMeetingNotScheduled;
}
