namespace SendWorkflows.Domain;

/// <summary>
/// England and Wales bank holidays by the usual rules (the ones the data file's projected years follow): New Year's
/// Day, Good Friday, Easter Monday, the first and last Mondays of May, the last Monday of August, Christmas Day and
/// Boxing Day, each moved to the next weekday when it falls at a weekend. Only for years after the data ends, where
/// the alternative is a workflow that fails (docs/adr/0012-send-dates-after-the-bank-holiday-data-ends.md).
/// </summary>
public static class UsualBankHolidays
{
    public static IReadOnlyList<DateOnly> For(int year)
    {
        var easter = Easter.Sunday(year);
        var christmas = WeekdayOnOrAfter(new DateOnly(year, 12, 25));
        var boxing = WeekdayOnOrAfter(new DateOnly(year, 12, 26));
        return
        [
            WeekdayOnOrAfter(new DateOnly(year, 1, 1)),
            easter.AddDays(-2),
            easter.AddDays(1),
            MondayOnOrAfter(new DateOnly(year, 5, 1)),
            MondayOnOrAfter(new DateOnly(year, 5, 25)),
            MondayOnOrAfter(new DateOnly(year, 8, 25)),
            christmas,
            boxing == christmas ? boxing.AddDays(1) : boxing,
        ];
    }

    /// <summary>
    /// The next England and Wales working day on or after <paramref name="date"/>: from the data while it lasts, then by
    /// the usual rules, so what the workflows and reports compute never stops at the data's last year (ADRs 0012, 0113).
    /// A year before the data still throws <see cref="CalendarNotCoveredException"/>.
    /// </summary>
    public static DateOnly EnglandAndWalesOnOrAfter(DateOnly date)
    {
        var data = WorkingDays.EnglandAndWales;
        while (date.Year <= data.LastYear)
        {
            if (data.IsWorkingDay(date))
            {
                return date;
            }

            date = date.AddDays(1);
        }

        return NextWorkingDayOnOrAfter(date);
    }

    /// <summary>The date itself when it is a weekday and not a usual bank holiday, otherwise the next such day.</summary>
    public static DateOnly NextWorkingDayOnOrAfter(DateOnly date)
    {
        while (date < DateOnly.MaxValue
               && (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || For(date.Year).Contains(date)))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    static DateOnly WeekdayOnOrAfter(DateOnly date) =>
        date.DayOfWeek switch { DayOfWeek.Saturday => date.AddDays(2), DayOfWeek.Sunday => date.AddDays(1), _ => date };

    static DateOnly MondayOnOrAfter(DateOnly date) => date.AddDays(((int)DayOfWeek.Monday - (int)date.DayOfWeek + 7) % 7);
}
