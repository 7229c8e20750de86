namespace SendWorkflows.Domain;

/// <summary>
/// A date outside the years a calendar's data covers. Thrown rather than guessed: a send date computed from a
/// missing bank holiday would be silently wrong.
/// </summary>
public sealed class CalendarNotCoveredException : Exception
{
    public CalendarNotCoveredException()
    {
    }

    public CalendarNotCoveredException(string message)
        : base(message)
    {
    }

    public CalendarNotCoveredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CalendarNotCoveredException(string calendar, int year, int firstYear, int lastYear)
        : base($"The {calendar} calendar covers {firstYear}-{lastYear}; {year} is not covered. Add that year's data.")
    {
        Calendar = calendar;
        Year = year;
    }

    public string? Calendar { get; }

    public int? Year { get; }
}
