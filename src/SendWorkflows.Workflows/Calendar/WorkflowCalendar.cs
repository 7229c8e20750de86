using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.Calendar;

/// <summary>
/// The one place the workflows take dates from: statutory limits, working days, UK time, year groups and terms.
/// Orchestrators call these pure functions and never do date arithmetic of their own, so the rules live (and are
/// tested) in one place. INTERIM: until the domain's StatutoryCalendar, WorkingDays and TermCalendar are merged,
/// working days here skip weekends only and terms start on fixed dates; the switch happens in this file alone.
/// </summary>
public static class WorkflowCalendar
{
    /// <summary>Notifications go out at this UK local time on their send date.</summary>
    public static TimeOnly SendTime { get; } = new(7, 0);

    /// <summary>Case events dated D are applied at the start of D, before that day's notifications.</summary>
    public static TimeOnly EventTime { get; } = new(0, 0);

    static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The day a notification planned for <paramref name="on"/> is sent: the next working day on or after it.</summary>
    public static DateOnly SendDate(DateOnly on)
    {
        var day = on;
        while (!IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>The UTC instant a notification sent on <paramref name="sendDate"/> goes out.</summary>
    public static DateTime FireAtUtc(DateOnly sendDate) => ToUtc(sendDate, SendTime);

    public static DateTime ToUtc(DateOnly date, TimeOnly time) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(time, DateTimeKind.Unspecified), London);

    /// <summary>The UK calendar date of a UTC instant (an orchestration's current time).</summary>
    public static DateOnly UkDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), London));

    // ---- EHC needs assessment (reg 5, 8, 10, 13) ----
    public static DateOnly DecisionDue(DateOnly requestedOn) => requestedOn.AddDays(6 * 7);

    public static DateOnly NotToIssueDue(DateOnly requestedOn) => requestedOn.AddDays(16 * 7);

    public static DateOnly FinalPlanDue(DateOnly requestedOn) => requestedOn.AddDays(20 * 7);

    public static DateOnly AdviceDue(DateOnly requestedOn) => requestedOn.AddDays(6 * 7);

    // ---- Annual review (CFA s.44, reg 18-22) ----
    public static DateOnly ReviewDue(DateOnly planIssuedOn, DateOnly? lastReviewOn) =>
        (lastReviewOn ?? planIssuedOn).AddMonths(12);

    public static DateOnly ReviewDecisionDue(DateOnly meetingOn) => meetingOn.AddDays(4 * 7);

    public static DateOnly AmendedPlanDue(DateOnly decisionOn) => decisionOn.AddDays(8 * 7);

    public static DateOnly AmendedPlanLatest(DateOnly meetingOn) => meetingOn.AddDays(12 * 7);

    /// <summary>The year group on <paramref name="on"/> of a child who was in <paramref name="atStart"/> on <paramref name="knownOn"/>.</summary>
    public static YearGroup YearGroupOn(YearGroup atStart, DateOnly knownOn, DateOnly on) =>
        atStart.AdvancedBy(AcademicYearStart(on) - AcademicYearStart(knownOn));

    /// <summary>The review target: T = D, or brought forward in a transfer year (contract section 4).</summary>
    public static ReviewTarget Target(DateOnly due, YearGroup atStart, DateOnly knownOn, TransferKind? transferOverride)
    {
        var yearGroup = YearGroupOn(atStart, knownOn, due);
        var transfer = AcademicYearStart(due) == AcademicYearStart(knownOn) && transferOverride is not null
            ? transferOverride.Value
            : yearGroup == YearGroup.Nursery2 || yearGroup == YearGroup.Year(6) ? TransferKind.School
            : yearGroup == YearGroup.Year(11) ? TransferKind.Post16
            : TransferKind.None;
        if (transfer == TransferKind.None)
        {
            return new(due, due, transfer, null);
        }

        var transferYear = AcademicYearStart(due) + 1;
        var deadline = transfer == TransferKind.School ? new DateOnly(transferYear, 2, 15) : new DateOnly(transferYear, 3, 31);
        var latestMeeting = deadline.AddDays(-12 * 7);
        return new(due, due < latestMeeting ? due : latestMeeting, transfer, deadline);
    }

    /// <summary>The first day of each term starting after <paramref name="after"/>, up to <paramref name="until"/>.</summary>
    public static IEnumerable<DateOnly> TermStartsAfter(DateOnly after, DateOnly until)
    {
        for (var year = after.Year - 1; year <= until.Year; year++)
        {
            foreach (var start in new[] { new DateOnly(year, 1, 5), new DateOnly(year, 4, 20), new DateOnly(year, 9, 3) })
            {
                var firstDay = SendDate(start);
                if (firstDay > after && firstDay <= until)
                {
                    yield return firstDay;
                }
            }
        }
    }

    static int AcademicYearStart(DateOnly on) => on.Month >= 9 ? on.Year : on.Year - 1;

    static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}

/// <summary>A review's statutory due date D, its target meeting date T, and the phase transfer that set T.</summary>
public sealed record ReviewTarget(DateOnly Due, DateOnly Target, TransferKind Transfer, DateOnly? TransferDeadline);
