using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

public class ReviewDatesTests
{
    static readonly DateOnly SchoolAgeBirth = D("2014-03-10");

    [Fact]
    public void First_review_is_due_12_months_after_the_plan_was_issued() =>
        Assert.Equal(D("2026-10-14"), ReviewDates.Due(D("2025-10-14"), null, SchoolAgeBirth, ReviewPolicy.Default));

    [Fact]
    public void Later_reviews_are_due_12_months_after_the_last_review() =>
        Assert.Equal(D("2027-03-02"), ReviewDates.Due(D("2020-01-10"), D("2026-03-02"), SchoolAgeBirth, ReviewPolicy.Default));

    [Theory]
    [InlineData("2024-02-29", "2025-02-28")]
    [InlineData("2027-02-28", "2028-02-28")]
    [InlineData("2025-12-31", "2026-12-31")]
    [InlineData("2026-08-31", "2027-08-31")]
    public void Months_are_calendar_months_and_29_February_falls_back_to_28_February(string last, string due) =>
        Assert.Equal(D(due), ReviewDates.Due(D("2019-01-01"), D(last), SchoolAgeBirth, ReviewPolicy.Default));

    [Fact]
    public void Under_fives_use_the_default_12_months_so_the_contract_timetable_holds()
    {
        var birth = D("2023-05-01");

        Assert.Equal(D("2026-09-01"), ReviewDates.Due(D("2025-09-01"), null, birth, ReviewPolicy.Default));
    }

    [Fact]
    public void Under_fives_use_the_configured_interval_when_the_council_follows_Code_9_178()
    {
        var policy = new ReviewPolicy(Under5IntervalMonths: 6);
        var birth = D("2023-05-01");

        Assert.Equal(D("2026-03-01"), ReviewDates.Due(D("2025-09-01"), null, birth, policy));
    }

    [Fact]
    public void Age_is_taken_on_the_base_date_so_a_child_turning_5_that_day_uses_12_months()
    {
        var policy = new ReviewPolicy(6);
        var birth = D("2021-04-15");

        Assert.Equal(D("2026-10-14"), ReviewDates.Due(D("2020-01-01"), D("2026-04-14"), birth, policy));
        Assert.Equal(D("2027-04-15"), ReviewDates.Due(D("2020-01-01"), D("2026-04-15"), birth, policy));
    }

    [Theory]
    [InlineData("2020-02-29", "2025-02-28", 4)]
    [InlineData("2020-02-29", "2025-03-01", 5)]
    [InlineData("2020-02-29", "2024-02-29", 4)]
    [InlineData("2010-12-31", "2026-12-30", 15)]
    [InlineData("2010-12-31", "2026-12-31", 16)]
    public void Age_counts_whole_birthdays(string birth, string on, int age) =>
        Assert.Equal(age, ReviewDates.AgeInYears(D(birth), D(on)));

    [Fact]
    public void Due_date_is_never_more_than_12_months_and_never_less_than_11_months_after_the_base()
    {
        foreach (var last in EveryDay(D("2019-01-01"), D("2030-12-31")))
        {
            var due = ReviewDates.Due(D("2018-06-01"), last, SchoolAgeBirth, ReviewPolicy.Default);
            Assert.True(due > last.AddMonths(11), $"{last}: {due}");
            Assert.True(due.DayNumber - last.DayNumber is 365 or 366, $"{last}: {due}");
            Assert.Equal(last.Year + 1, due.Year);
            Assert.Equal(last.Month, due.Month);
            Assert.Equal(Math.Min(last.Day, DateTime.DaysInMonth(due.Year, due.Month)), due.Day);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void An_under_5_interval_outside_1_to_12_months_is_refused(int months)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReviewPolicy(months));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReviewPolicy.Default with { Under5IntervalMonths = months });
    }
}
