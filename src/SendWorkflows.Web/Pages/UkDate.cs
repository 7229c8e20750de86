using System.Globalization;

namespace SendWorkflows.Web.Pages;

/// <summary>The contract's dates are UK calendar dates: today is today in Europe/London.</summary>
public static class UkDate
{
    static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), London).DateTime);

    /// <summary>A date in a table or a summary list, GOV.UK style ("25 Jun 2026"); nothing for no date. Every staff page uses this one.</summary>
    public static string Short(DateOnly? day) => day is { } d ? d.ToString("d MMM yyyy", CultureInfo.InvariantCulture) : "";
}

/// <summary>Counted words: "1 review", "2 reviews", so no page says "1 reviews".</summary>
public static class Plural
{
    /// <summary><paramref name="one"/> when <paramref name="count"/> is 1, else <paramref name="many"/>.</summary>
    public static string Of(double count, string one, string many) => count == 1 ? one : many;

    /// <summary>"1 day", "40 days".</summary>
    public static string Count(double count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {Of(count, one, many)}");
}
