using SendWorkflows.Domain;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Review;

/// <summary>
/// The notification timetable of one annual review cycle (contract section 4), from its target date T, the meeting M
/// once fixed and the decision. Advice for the meeting is chased by the advice ladders, not here.
/// </summary>
public static class ReviewTimetable
{
    public const string Upcoming = "review-upcoming";
    public const string NotScheduled = "meeting-not-scheduled";
    public const string Escalation = "review-escalation";
    public const string OverdueAtStart = "overdue-at-start";
    public const string AmendedPlanMissed = "amended-plan-missed";
    public const string TargetPassed = "target-passed";

    public static IReadOnlyList<TimetableStep> Steps(ReviewCycle cycle)
    {
        var t = cycle.Dates.Target;
        IReadOnlyList<Recipient> setting = [Recipient.Address(cycle.Plan.SettingEmail)];
        IReadOnlyList<Recipient> caseworker = [Recipient.Address(cycle.Plan.CaseworkerEmail)];
        IReadOnlyList<Recipient> senManager = [Recipient.SenManager];
        var noMeeting = cycle.MeetingOn is null && !cycle.PlanEnded;
        var steps = new List<TimetableStep>
        {
            TimetableStep.Notify(Upcoming, t.AddDays(-10 * 7), noMeeting, NotificationKind.ReviewUpcoming, setting, t),
            TimetableStep.Notify(NotScheduled, t.AddDays(-6 * 7), noMeeting, NotificationKind.ReviewMeetingNotScheduled, [.. setting, .. caseworker], t),
            TimetableStep.Notify(Escalation, t.AddDays(-4 * 7), noMeeting, NotificationKind.ReviewEscalation, senManager, t),

            // A cycle that starts past its escalation point (a plan imported with an overdue review) is escalated
            // once, at once, instead of replaying every step it missed.
            TimetableStep.Notify(
                OverdueAtStart, cycle.StartedOn, noMeeting && StartedPastEscalation(cycle),
                NotificationKind.ReviewEscalation, senManager, t, cc: [.. setting, .. caseworker]),

            // The KPIs count a review whose target passed with no meeting as missed now, not only once it is held.
            TimetableStep.RecordOutcome(TargetPassed, Later(t.AddDays(1), cycle.StartedOn), cycle.MeetingHeldOn is null && !(cycle.MeetingOn <= t) && !cycle.PlanEnded),
        };

        if (cycle.MeetingOn is { } m && !cycle.PlanEnded)
        {
            var decisionDue = cycle.DecisionDue!.Value;
            var undecided = cycle.Decision is null;
            steps.Add(TimetableStep.Notify(
                "report-overdue", m.AddDays(2 * 7 + 1), cycle.ReportReceivedOn is null, NotificationKind.ReviewReportOverdue, setting, m.AddDays(2 * 7)));
            steps.Add(TimetableStep.Notify("decision-reminder", m.AddDays(3 * 7), undecided, NotificationKind.ReviewDecisionDueReminder, caseworker, decisionDue));
            steps.Add(TimetableStep.DeadlineMissed("decision-missed", decisionDue, undecided, StatutoryStep.ReviewDecision));
        }

        if (cycle.AmendedPlanDue is { } amendedDue && !cycle.PlanEnded)
        {
            var notIssued = cycle.AmendedPlanIssuedOn is null;
            steps.Add(TimetableStep.Notify("amended-plan-reminder", amendedDue.AddDays(-14), notIssued, NotificationKind.AmendedPlanDueReminder, caseworker, amendedDue));
            steps.Add(TimetableStep.DeadlineMissed(AmendedPlanMissed, amendedDue, notIssued, StatutoryStep.AmendedPlan));
        }

        return steps;
    }

    static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Whether a cycle started after its escalation point (T - 4 weeks): it is escalated once, at once (docs/adr/0033).</summary>
    public static bool StartedPastEscalation(ReviewCycle cycle) =>
        WorkflowCalendar.SendDate(cycle.Dates.Target.AddDays(-4 * 7)) < cycle.StartedOn;
}
