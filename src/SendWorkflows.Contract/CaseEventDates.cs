namespace SendWorkflows.Contract;

/// <summary>
/// The window each date of a case event must fall in (docs/adr/0022-date-windows-for-case-events.md). A date outside
/// it is a typo (2062 for 2026), a placeholder (0001-01-01, 9999-12-31) or a wrong field, never a real case: it is
/// refused with a reason naming the field, so that no workflow plans months or centuries of chasing around it.
/// <see cref="Problem"/> needs only the event itself (the contract readers and the dispatcher check it);
/// <see cref="ProblemOn"/> adds the case clock's today (the intake and the dispatcher check it when they know today).
/// </summary>
public static class CaseEventDates
{
    /// <summary>Part 3 of the Children and Families Act 2014 (EHC needs assessments and plans) began on this day.</summary>
    public static DateOnly EarliestEvent { get; } = new(2014, 9, 1);

    /// <summary>No case event is dated after this, whatever the clock says (it keeps date arithmetic far from overflow).</summary>
    public static DateOnly LatestEvent { get; } = new(2199, 12, 31);

    /// <summary>An event reports something that happened: a day's grace for senders in another time zone or a batch run after midnight.</summary>
    public const int MaxDaysAfterToday = 1;

    /// <summary>How late an event may still arrive: a year covers one whole review cycle.</summary>
    public const int MaxDaysBeforeToday = 366;

    /// <summary>A meeting is fixed for the coming year; one recorded a little after it was fixed may already be past.</summary>
    public const int MaxMeetingDaysBeforeEvent = 28;

    public const int MaxMeetingMonthsAfterEvent = 12;

    /// <summary>EHC plans run to 25: the oldest a child or young person can be when an assessment is asked for.</summary>
    public const int OldestAgeAtRequest = 25;

    /// <summary>A reg 10(4) exception lies within the assessment's year around the event that records it.</summary>
    public const int MaxExceptionDaysFromEvent = 366;

    /// <summary>Why a date of <paramref name="e"/> cannot be right, judged against the event's own date; null when every date is plausible.</summary>
    public static string? Problem(CaseEvent e)
    {
        if (e.On < EarliestEvent || e.On > LatestEvent)
            return $"on {Show(e.On)} is outside {Show(EarliestEvent)} to {Show(LatestEvent)}: EHC plans began in September 2014";

        return e switch
        {
            AssessmentRequested r when r.DateOfBirth > r.On =>
                "dateOfBirth is after the request date (on)",
            AssessmentRequested r when r.DateOfBirth < r.On.AddYears(-OldestAgeAtRequest) =>
                $"dateOfBirth is more than {OldestAgeAtRequest} years before the request date (on): EHC needs assessments are for ages 0 to 25",
            ReviewMeetingScheduled s when s.MeetingOn < s.On.AddDays(-MaxMeetingDaysBeforeEvent) =>
                $"meetingOn {Show(s.MeetingOn)} is more than {MaxMeetingDaysBeforeEvent} days before the event (on {Show(s.On)}): a meeting that took place is a ReviewMeetingHeld",
            ReviewMeetingScheduled s when s.MeetingOn > s.On.AddMonths(MaxMeetingMonthsAfterEvent) =>
                $"meetingOn {Show(s.MeetingOn)} is more than {MaxMeetingMonthsAfterEvent} months after the event (on {Show(s.On)}): check the year",
            ExceptionRecorded x when Math.Abs(x.From.DayNumber - x.On.DayNumber) > MaxExceptionDaysFromEvent =>
                $"from {Show(x.From)} is more than a year from the event (on {Show(x.On)})",
            ExceptionRecorded x when Math.Abs(x.To.DayNumber - x.On.DayNumber) > MaxExceptionDaysFromEvent =>
                $"to {Show(x.To)} is more than a year from the event (on {Show(x.On)})",
            _ => null,
        };
    }

    /// <summary>
    /// <see cref="Problem"/>, and whether the event's date is near the case clock's <paramref name="today"/>: not after
    /// tomorrow, and not more than a year ago.
    /// </summary>
    public static string? ProblemOn(CaseEvent e, DateOnly today)
    {
        // A visit is recorded by the one who made it, in UK time: tomorrow's date is a mistake, not a time zone.
        if (e is MonitoringVisitRecorded && e.On > today)
            return $"on {Show(e.On)} is in the future (today is {Show(today)}): a monitoring visit is recorded once it has taken place";
        if (e.On > today.AddDays(MaxDaysAfterToday))
            return $"on {Show(e.On)} is in the future (today is {Show(today)}): an event reports something that has happened";
        if (e.On < today.AddDays(-MaxDaysBeforeToday))
            return $"on {Show(e.On)} is more than a year ago (today is {Show(today)}): check the year, or record it in the case-management system";
        return Problem(e);
    }

    /// <summary>The field the problem names first, for the rejected store.</summary>
    public static string FieldOf(string problem) => problem[..problem.IndexOf(' ', StringComparison.Ordinal)];

    static string Show(DateOnly date) => ContractRules.FormatDate(date);
}
