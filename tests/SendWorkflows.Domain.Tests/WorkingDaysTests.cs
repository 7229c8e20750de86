using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

public class WorkingDaysTests
{
    static readonly WorkingDays EnglandAndWales = WorkingDays.EnglandAndWales;

    [Fact]
    public void Data_covers_2020_to_2030_with_2027_onwards_projected()
    {
        Assert.Equal(2020, EnglandAndWales.FirstYear);
        Assert.Equal(2030, EnglandAndWales.LastYear);
        Assert.All(Enumerable.Range(2020, 11), year => Assert.Contains(EnglandAndWales.BankHolidays, d => d.Year == year));
        Assert.Equal([2027, 2028, 2029, 2030], EnglandAndWales.ProjectedYears);
    }

    /// <summary>The one-off days GOV.UK announced; every other holiday must follow the usual rules.</summary>
    static readonly Dictionary<int, (DateOnly[] Added, DateOnly[] Removed)> AnnouncedChanges = new()
    {
        [2020] = ([D("2020-05-08")], [D("2020-05-04")]),
        [2022] = ([D("2022-06-02"), D("2022-06-03"), D("2022-09-19")], [D("2022-05-30")]),
        [2023] = ([D("2023-05-08")], []),
    };

    [Fact]
    public void Every_year_matches_the_usual_rules_except_the_announced_one_off_days()
    {
        for (var year = EnglandAndWales.FirstYear; year <= EnglandAndWales.LastYear; year++)
        {
            var expected = UsualBankHolidays(year).ToHashSet();
            if (AnnouncedChanges.TryGetValue(year, out var change))
            {
                expected.ExceptWith(change.Removed);
                expected.UnionWith(change.Added);
            }

            var actual = EnglandAndWales.BankHolidays.Where(d => d.Year == year).ToHashSet();
            Assert.True(expected.SetEquals(actual), $"{year}: expected {string.Join(", ", expected.Order())}; data has {string.Join(", ", actual.Order())}");
        }
    }

    [Theory]
    [InlineData("2026-12-25", false)] // Christmas, Friday
    [InlineData("2026-12-28", false)] // Boxing Day substitute, Monday
    [InlineData("2026-12-29", true)]
    [InlineData("2026-04-03", false)] // Good Friday
    [InlineData("2026-04-06", false)] // Easter Monday
    [InlineData("2026-04-07", true)]
    [InlineData("2026-11-21", false)] // Saturday
    [InlineData("2026-11-22", false)] // Sunday
    [InlineData("2026-11-23", true)]
    [InlineData("2022-09-19", false)] // State funeral
    public void Working_days_are_weekdays_that_are_not_bank_holidays(string date, bool working) =>
        Assert.Equal(working, EnglandAndWales.IsWorkingDay(D(date)));

    [Theory]
    [InlineData("2026-12-24", "2026-12-24")]
    [InlineData("2026-12-25", "2026-12-29")] // Fri holiday, weekend, Mon substitute
    [InlineData("2027-12-24", "2027-12-24")]
    [InlineData("2027-12-25", "2027-12-29")]
    [InlineData("2026-04-03", "2026-04-07")]
    [InlineData("2028-01-01", "2028-01-04")] // Saturday, then Monday substitute New Year
    public void OnOrAfter_moves_to_the_next_working_day(string date, string expected) =>
        Assert.Equal(D(expected), EnglandAndWales.OnOrAfter(D(date)));

    [Fact]
    public void OnOrAfter_always_lands_on_a_working_day_on_or_after_the_input_within_5_days()
    {
        foreach (var day in EveryDay(D("2020-01-01"), D("2030-12-31")))
        {
            var shifted = EnglandAndWales.OnOrAfter(day);
            Assert.True(EnglandAndWales.IsWorkingDay(shifted));
            Assert.True(shifted >= day);
            Assert.True(shifted.DayNumber - day.DayNumber <= 5, $"{day} -> {shifted}");
            Assert.Equal(EnglandAndWales.IsWorkingDay(day), shifted == day);
            foreach (var skipped in EveryDay(day, shifted.AddDays(-1)))
            {
                Assert.False(EnglandAndWales.IsWorkingDay(skipped));
            }
        }
    }

    [Theory]
    [InlineData("2019-12-31", 2019)]
    [InlineData("2031-01-01", 2031)]
    public void A_date_the_data_does_not_cover_throws_naming_the_year(string date, int year)
    {
        var error = Assert.Throws<CalendarNotCoveredException>(() => EnglandAndWales.IsWorkingDay(D(date)));

        Assert.Equal(year, error.Year);
        Assert.Contains(year.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("2020-2030", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weekends_outside_the_data_are_not_guessed_either() =>
        Assert.Throws<CalendarNotCoveredException>(() => EnglandAndWales.IsWorkingDay(D("2031-01-04")));

    [Fact]
    public void Shifting_past_the_end_of_the_data_throws_rather_than_guessing()
    {
        var oneYear = new WorkingDays("test", [], 2028, 2028);

        Assert.Equal(D("2028-12-29"), oneYear.OnOrAfter(D("2028-12-29")));
        var error = Assert.Throws<CalendarNotCoveredException>(() => oneYear.OnOrAfter(D("2028-12-30")));
        Assert.Equal(2029, error.Year);
    }

    [Fact]
    public void A_custom_calendar_refuses_a_holiday_outside_its_years() =>
        Assert.Throws<ArgumentException>(() => new WorkingDays("test", [D("2031-01-01")], 2030, 2030));

    /// <summary>An independent statement of the usual England and Wales rules, to check the shipped data against.</summary>
    static IEnumerable<DateOnly> UsualBankHolidays(int year)
    {
        yield return WeekdayOnOrAfter(new DateOnly(year, 1, 1));
        var easter = Easter.Sunday(year);
        yield return easter.AddDays(-2);
        yield return easter.AddDays(1);
        yield return FirstMonday(new DateOnly(year, 5, 1));
        yield return FirstMonday(new DateOnly(year, 5, 25));
        yield return FirstMonday(new DateOnly(year, 8, 25));
        var christmas = WeekdayOnOrAfter(new DateOnly(year, 12, 25));
        yield return christmas;
        var boxing = WeekdayOnOrAfter(new DateOnly(year, 12, 26));
        yield return boxing == christmas ? boxing.AddDays(1) : boxing;
    }

    static DateOnly WeekdayOnOrAfter(DateOnly date) =>
        date.DayOfWeek switch { DayOfWeek.Saturday => date.AddDays(2), DayOfWeek.Sunday => date.AddDays(1), _ => date };

    static DateOnly FirstMonday(DateOnly date)
    {
        while (date.DayOfWeek != DayOfWeek.Monday)
        {
            date = date.AddDays(1);
        }

        return date;
    }
}
