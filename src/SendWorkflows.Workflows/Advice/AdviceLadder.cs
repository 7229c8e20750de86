using SendWorkflows.Domain;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Advice;

/// <summary>
/// One request for advice from one contributor: for an assessment (reg 8, due 6 weeks after the request, reminder
/// 14 days before) or a review (due 14 days before the meeting, reminder 7 days before).
/// </summary>
public sealed record AdviceLadderInput(
    string CaseId,
    string ContactKey,
    NotificationKind RequestKind,
    DateOnly RequestedOn,
    DateOnly DueOn,
    int ReminderDaysBeforeDue,
    string CaseworkerEmail,
    string ChildInitials,
    DateOnly? MeetingOn = null)
{
    /// <summary>How many times the due date was moved (a review meeting rescheduled); 0 for the first due date.</summary>
    public int Revision { get; init; }

    /// <summary>When the due date last moved (the ladder restarts then); null while it has not.</summary>
    public DateOnly? MovedOn { get; init; }

    /// <summary>When the current ladder starts: the request, or the day the due date last moved.</summary>
    public DateOnly LadderStartsOn => MovedOn ?? RequestedOn;

    /// <summary>The request for a moved meeting: due 2 weeks before it, asked again on <paramref name="on"/>.</summary>
    public AdviceLadderInput ForMovedMeeting(DateOnly meetingOn, DateOnly on) =>
        this with { MeetingOn = meetingOn, DueOn = meetingOn.AddDays(-14), MovedOn = on, Revision = Revision + 1 };
}

/// <summary>The chasing timetable of one advice request (contract section 4), as pure functions of its state.</summary>
public static class AdviceLadder
{
    public const int AssessmentReminderDays = 14;
    public const int ReviewReminderDays = 7;
    public const int SeniorEscalationDaysAfterDue = 10;

    /// <summary>Every step, in order; all are wanted until the advice arrives or the case stops needing it.</summary>
    public static IReadOnlyList<TimetableStep> Steps(AdviceLadderInput input, bool stillAwaited)
    {
        var contact = Recipient.Contact(input.ContactKey);
        var due = input.DueOn;
        // A moved due date is a new ladder: its steps get new names (so new notification keys) and it starts with
        // the request again, carrying the new date.
        var suffix = input.Revision == 0 ? "" : $"-r{input.Revision}";
        return
        [
            TimetableStep.Notify("request" + suffix, input.LadderStartsOn, stillAwaited, input.RequestKind, [contact], due),
            TimetableStep.Notify("reminder" + suffix, due.AddDays(-input.ReminderDaysBeforeDue), stillAwaited, NotificationKind.AdviceReminder, [contact], due),
            TimetableStep.Notify("overdue" + suffix, due.AddDays(1), stillAwaited, NotificationKind.AdviceOverdue, [contact], due),
            TimetableStep.Notify("escalation" + suffix, due.AddDays(1), stillAwaited, NotificationKind.AdviceEscalation, [Recipient.ManagerOf(input.ContactKey)], due),
            TimetableStep.Notify(
                "senior-escalation" + suffix, due.AddDays(SeniorEscalationDaysAfterDue), stillAwaited, NotificationKind.AdviceSeniorEscalation,
                [Recipient.SeniorLeadOf(input.ContactKey)], due, cc: [Recipient.Address(input.CaseworkerEmail)]),
        ];
    }

    /// <summary>How an escalation reports an earlier step of the ladder: what was sent, to whom, when.</summary>
    public static string Chased(TimetableStep step) => step.Kind switch
    {
        NotificationKind.AdviceRequest or NotificationKind.ReviewAdviceRequest => $"asked on {step.SendOn:yyyy-MM-dd}",
        NotificationKind.AdviceReminder => $"reminded on {step.SendOn:yyyy-MM-dd}",
        NotificationKind.AdviceOverdue => $"told the advice is overdue on {step.SendOn:yyyy-MM-dd}",
        NotificationKind.AdviceEscalation => $"their manager told on {step.SendOn:yyyy-MM-dd}",
        _ => $"{step.Kind} on {step.SendOn:yyyy-MM-dd}",
    };

    /// <summary>The verdict on the contribution: received by its due date, late, or still outstanding.</summary>
    public static LimitStatus Status(DateOnly dueOn, DateOnly? receivedOn, DateOnly asOf) =>
        LimitCheck.Evaluate("advice", dueOn, receivedOn, asOf).Status;
}
