namespace SendWorkflows.Domain.Tests;

public sealed class ReportingPeriodTests
{
    static readonly DateOnly AsOf = new(2026, 3, 18);

    [Theory]
    [InlineData("month:2026-02", "2026-02-01", "2026-02-28", "February 2026")]
    [InlineData("month:2026-03", "2026-03-01", "2026-03-18", "March 2026, to 18 March 2026")]
    [InlineData("term:2025-autumn", "2025-09-01", "2026-01-04", "Autumn term 2025/26")]
    [InlineData("term:2025-spring", "2026-01-05", "2026-03-18", "Spring term 2025/26, to 18 March 2026")]
    [InlineData("year:2025", "2025-09-01", "2026-03-18", "Academic year 2025/26, to 18 March 2026")]
    [InlineData("year:2024", "2024-09-01", "2025-08-31", "Academic year 2024/25")]
    [InlineData("custom:2025-10-01..2025-12-31", "2025-10-01", "2025-12-31", "1 October 2025 to 31 December 2025")]
    [InlineData("custom:2026-03-01..2026-06-30", "2026-03-01", "2026-03-18", "1 March 2026 to 18 March 2026")]
    public void A_period_resolves_to_its_dates_never_past_the_day_of_the_figures(string spec, string from, string to, string words)
    {
        var period = ReportingPeriod.Parse(spec, AsOf);

        Assert.Equal(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), period.From);
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), period.To);
        Assert.Equal(words, period.Describe());
        Assert.Equal(spec, period.Spec);
    }

    [Fact]
    public void A_term_after_the_bank_holiday_data_ends_still_resolves()
    {
        var period = ReportingPeriod.Parse("term:2030-spring", new DateOnly(2031, 6, 1));

        Assert.Equal((new DateOnly(2031, 1, 6), new DateOnly(2031, 4, 20)), (period.From, period.To));
        Assert.Equal("term:2030-spring", ReportingPeriod.TermContaining(new DateOnly(2031, 2, 10), new DateOnly(2031, 6, 1)).Spec);
    }

    [Theory]
    [InlineData("fortnight:2026-01", "is not a period")]
    [InlineData("month:2026-13", "is not a period")]
    [InlineData("term:2025-winter", "is not a period")]
    [InlineData("term:2025-1", "is not a period")]
    [InlineData("month:2026-04", "starts after 2026-03-18")]
    [InlineData("custom:2026-01-31..2026-01-01", "end (2026-01-01) is before its start (2026-01-31)")]
    public void A_period_that_cannot_be_reported_says_why(string spec, string why)
    {
        var error = Assert.Throws<PeriodException>(() => ReportingPeriod.Parse(spec, AsOf));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_is_the_academic_year_to_date_and_the_file_name_follows_the_spec()
    {
        Assert.Equal("year:2025", ReportingPeriod.Default(AsOf).Spec);
        Assert.Equal("kpis-custom-2025-10-01-to-2025-12-31.json", ReportingPeriod.Parse("custom:2025-10-01..2025-12-31", AsOf).FileName);
        Assert.Equal(new DateOnly(2025, 2, 1), ReportingPeriod.Parse("month:2026-02", AsOf).YearBefore().From);
    }
}
