using System.Globalization;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>Dates as a UK reader writes them ("12 March 2026") and plain counts of days left or overdue.</summary>
public static class UkDates
{
    public static string Format(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>How <paramref name="due"/> stands on <paramref name="on"/>: "12 days left", "due today", "3 days overdue".</summary>
    public static string DaysPhrase(DateOnly due, DateOnly on)
    {
        var days = due.DayNumber - on.DayNumber;
        return days switch
        {
            0 => "due today",
            1 => "1 day left",
            > 1 => $"{days} days left",
            -1 => "1 day overdue",
            _ => $"{-days} days overdue",
        };
    }

    /// <summary>"12 March 2026 (3 days overdue)".</summary>
    public static string WithDaysPhrase(DateOnly due, DateOnly on) => $"{Format(due)} ({DaysPhrase(due, on)})";
}
