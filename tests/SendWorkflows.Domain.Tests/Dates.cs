namespace SendWorkflows.Domain.Tests;

static class Dates
{
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every day from <paramref name="first"/> to <paramref name="last"/> inclusive: the exhaustive "property" range.</summary>
    public static IEnumerable<DateOnly> EveryDay(DateOnly first, DateOnly last)
    {
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            yield return d;
        }
    }
}
