namespace SendWorkflows.Web.Pages;

/// <summary>The contract's dates are UK calendar dates: today is today in Europe/London.</summary>
public static class UkDate
{
    static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), London).DateTime);
}
