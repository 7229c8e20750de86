using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.Calendar;

/// <summary>
/// The one place the workflows take dates from. Every rule lives in the domain (statutory limits, working days,
/// UK time, year groups, terms); this adds only the workflows' own choices: the time of day notifications go out
/// and the time of day a dated case event is applied.
/// </summary>
public static class WorkflowCalendar
{
    /// <summary>Notifications go out at this UK local time on their send date.</summary>
    public static TimeOnly SendTime { get; } = new(7, 0);

    /// <summary>
    /// Council-wide lists are compiled at this earlier time, from the register as the day's events left it and
    /// before any of that day's case notifications change it: the same inputs always give the same lists.
    /// </summary>
    public static TimeOnly ListTime { get; } = new(6, 0);

    /// <summary>Case events dated D are applied at the start of D, so they count before that day's notifications.</summary>
    public static TimeOnly EventTime { get; } = new(0, 0);

    /// <summary>Term dates that do not stop when the bank-holiday data does (ADR 0113): the termly lists run for years.</summary>
    static TermCalendar Terms => TermCalendar.EnglandBeyondData;

    /// <summary>
    /// The day a notification planned for <paramref name="on"/> is sent: the next working day on or after it. A date
    /// before the bank-holiday data begins is long past (an old overdue review in an imported caseload): it is only
    /// ever compared and skipped, so it is returned as it is rather than failing the workflow. A date after the data
    /// ends follows the usual rules (ADR 0012): a workflow must not fail because the data needs its yearly update.
    /// </summary>
    public static DateOnly SendDate(DateOnly on) =>
        on.Year < WorkingDays.EnglandAndWales.FirstYear ? on : UsualBankHolidays.EnglandAndWalesOnOrAfter(on);

    /// <summary>The UTC instant a notification sent on <paramref name="sendDate"/> goes out.</summary>
    public static DateTime FireAtUtc(DateOnly sendDate) => UkTime.ToUtc(sendDate, SendTime);

    /// <summary>The UTC instant a council-wide list sent on <paramref name="sendDate"/> is compiled and recorded.</summary>
    public static DateTime ListAtUtc(DateOnly sendDate) => UkTime.ToUtc(sendDate, ListTime);

    public static DateTime ToUtc(DateOnly date, TimeOnly time) => UkTime.ToUtc(date, time);

    /// <summary>The UK calendar date of a UTC instant (an orchestration's current time).</summary>
    public static DateOnly UkDate(DateTime utc) => UkTime.DateOf(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    // ---- EHC needs assessment (reg 5, 8, 10, 13) ----
    public static DateOnly DecisionDue(DateOnly requestedOn) => StatutoryCalendar.Assessment(requestedOn).DecisionDue;

    public static DateOnly NotToIssueDue(DateOnly requestedOn) => StatutoryCalendar.Assessment(requestedOn).NotToIssueDue;

    public static DateOnly FinalPlanDue(DateOnly requestedOn) => StatutoryCalendar.Assessment(requestedOn).FinalPlanDue;

    public static DateOnly AdviceDue(DateOnly requestedOn) => StatutoryCalendar.AdviceDue(requestedOn);

    // ---- Annual review (CFA s.44, reg 18-22) ----
    public static DateOnly ReviewDue(DateOnly planIssuedOn, DateOnly? lastReviewOn, DateOnly dateOfBirth) =>
        ReviewDates.Due(planIssuedOn, lastReviewOn, dateOfBirth, ReviewPolicy.Default);

    public static DateOnly ReviewDecisionDue(DateOnly meetingOn) => StatutoryCalendar.ReviewDecisionDue(meetingOn);

    public static DateOnly AmendedPlanDue(DateOnly decisionOn) => StatutoryCalendar.AmendedPlanDue(decisionOn);

    public static DateOnly AmendedPlanLatest(DateOnly meetingOn) => StatutoryCalendar.AmendedPlanLatest(meetingOn);

    public static YearGroup YearGroupOn(YearGroup atStart, DateOnly knownOn, DateOnly on) => YearGroups.On(atStart, knownOn, on);

    /// <summary>
    /// The review target: T = D, or brought forward in a transfer year (contract section 4). The caseload's
    /// <c>transfer</c> column speaks of the academic year the file was loaded in, so it overrides the year group's
    /// transfer only for a review due in that year; later years follow the year group again.
    /// </summary>
    public static ReviewTarget Target(DateOnly due, YearGroup atStart, DateOnly knownOn, TransferKind? transferOverride) =>
        ReviewTarget.For(
            due, atStart, knownOn,
            AcademicYear.Containing(due) == AcademicYear.Containing(knownOn) ? transferOverride : null);

    /// <summary>The terms starting after <paramref name="after"/>, up to <paramref name="until"/>, in order.</summary>
    public static IReadOnlyList<Term> TermsStartingAfter(DateOnly after, DateOnly until) =>
        Terms.TermsStartingBetween(after.AddDays(1), until);
}
