using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

public class UkTimeTests
{
    static DateTime Utc(string iso) => DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    [Theory]
    [InlineData("2026-01-15", "09:00", "2026-01-15T09:00:00")] // GMT
    [InlineData("2026-07-15", "09:00", "2026-07-15T08:00:00")] // BST
    [InlineData("2026-03-29", "00:30", "2026-03-29T00:30:00")] // before clocks go forward at 01:00 GMT
    [InlineData("2026-03-29", "01:30", "2026-03-29T01:30:00")] // skipped hour: read as 02:30 BST
    [InlineData("2026-03-29", "02:00", "2026-03-29T01:00:00")]
    [InlineData("2026-10-25", "01:30", "2026-10-25T00:30:00")] // happens twice: the first (BST) one
    [InlineData("2026-10-25", "02:00", "2026-10-25T02:00:00")] // back on GMT
    [InlineData("2026-10-25", "00:59", "2026-10-24T23:59:00")]
    public void ToUtc_applies_the_Europe_London_offset(string date, string time, string utc)
    {
        var result = UkTime.ToUtc(D(date), TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(Utc(utc), result);
        Assert.Equal(DateTimeKind.Utc, result.Kind);
    }

    [Theory]
    [InlineData("2026-06-30T23:30:00", "2026-07-01")] // 00:30 BST
    [InlineData("2026-12-31T23:30:00", "2026-12-31")] // GMT
    [InlineData("2026-03-28T23:59:59", "2026-03-28")]
    [InlineData("2026-10-24T23:00:00", "2026-10-25")] // 00:00 BST on the day clocks go back
    public void DateOf_gives_the_UK_calendar_date(string utc, string date) =>
        Assert.Equal(D(date), UkTime.DateOf(Utc(utc)));

    [Fact]
    public void DateOf_refuses_a_machine_local_time() =>
        Assert.Throws<ArgumentException>(() => UkTime.DateOf(new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Local)));

    [Fact]
    public void Clock_changes_fall_on_the_last_Sundays_of_March_and_October()
    {
        for (var year = 2020; year <= 2035; year++)
        {
            var march = LastSunday(year, 3);
            var october = LastSunday(year, 10);
            Assert.Equal(TimeSpan.Zero, OffsetAt(march, "00:59"));
            Assert.Equal(TimeSpan.FromHours(1), OffsetAt(march, "02:00"));
            Assert.Equal(TimeSpan.FromHours(1), OffsetAt(october, "00:59"));
            Assert.Equal(TimeSpan.Zero, OffsetAt(october, "02:00"));
        }
    }

    [Fact]
    public void Every_day_at_common_send_times_round_trips_to_the_same_UK_date()
    {
        var times = new[] { "00:00", "00:30", "01:00", "01:30", "07:00", "09:00", "12:00", "23:00", "23:59" }
            .Select(t => TimeOnly.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        foreach (var day in EveryDay(D("2019-01-01"), D("2030-12-31")))
        {
            foreach (var time in times)
            {
                var utc = UkTime.ToUtc(day, time);
                Assert.Equal(day, UkTime.DateOf(utc));
                var offset = day.ToDateTime(time) - utc;
                Assert.True(offset == TimeSpan.Zero || offset == TimeSpan.FromHours(1), $"{day} {time}: {offset}");
            }
        }
    }

    static TimeSpan OffsetAt(DateOnly date, string time) =>
        date.ToDateTime(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture))
        - UkTime.ToUtc(date, TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

    static DateOnly LastSunday(int year, int month)
    {
        var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (day.DayOfWeek != DayOfWeek.Sunday)
        {
            day = day.AddDays(-1);
        }

        return day;
    }
}
