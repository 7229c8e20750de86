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
    DateOnly? MeetingOn = null);

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
        return
        [
            TimetableStep.Notify("request", input.RequestedOn, stillAwaited, input.RequestKind, [contact], due),
            TimetableStep.Notify("reminder", due.AddDays(-input.ReminderDaysBeforeDue), stillAwaited, NotificationKind.AdviceReminder, [contact], due),
            TimetableStep.Notify("overdue", due.AddDays(1), stillAwaited, NotificationKind.AdviceOverdue, [contact], due),
            TimetableStep.Notify("escalation", due.AddDays(1), stillAwaited, NotificationKind.AdviceEscalation, [Recipient.ManagerOf(input.ContactKey)], due),
            TimetableStep.Notify(
                "senior-escalation", due.AddDays(SeniorEscalationDaysAfterDue), stillAwaited, NotificationKind.AdviceSeniorEscalation,
                [Recipient.SeniorLeadOf(input.ContactKey)], due, cc: [Recipient.Address(input.CaseworkerEmail)]),
        ];
    }

    /// <summary>How an escalation reports an earlier step of the ladder: what was sent, to whom, when.</summary>
    public static string Chased(TimetableStep step) => step.Name switch
    {
        "request" => $"asked on {step.SendOn:yyyy-MM-dd}",
        "reminder" => $"reminded on {step.SendOn:yyyy-MM-dd}",
        "overdue" => $"told the advice is overdue on {step.SendOn:yyyy-MM-dd}",
        "escalation" => $"their manager told on {step.SendOn:yyyy-MM-dd}",
        _ => $"{step.Kind} on {step.SendOn:yyyy-MM-dd}",
    };

    /// <summary>The verdict on the contribution: received by its due date, late, or still outstanding.</summary>
    public static LimitStatus Status(DateOnly dueOn, DateOnly? receivedOn, DateOnly asOf) =>
        LimitCheck.Evaluate("advice", dueOn, receivedOn, asOf).Status;
}
