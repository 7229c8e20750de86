using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

public class TermCalendarTests
{
    static readonly TermCalendar England = TermCalendar.England(WorkingDays.EnglandAndWales);

    [Theory]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2038, "2038-04-25")] // latest possible
    [InlineData(2285, "2285-03-22")] // earliest possible
    public void Easter_Sunday_by_the_anonymous_Gregorian_algorithm(int year, string sunday)
    {
        Assert.Equal(D(sunday), Easter.Sunday(year));
        Assert.Equal(D(sunday).AddDays(-2), Easter.GoodFriday(year));
    }

    [Fact]
    public void Easter_is_always_a_Sunday_between_22_March_and_25_April()
    {
        for (var year = 1900; year <= 2300; year++)
        {
            var easter = Easter.Sunday(year);
            Assert.Equal(DayOfWeek.Sunday, easter.DayOfWeek);
            Assert.InRange(easter, new DateOnly(year, 3, 22), new DateOnly(year, 4, 25));
        }
    }

    [Fact]
    public void Usual_term_starts_for_2025_26()
    {
        var terms = England.TermsOf(new AcademicYear(2025));

        Assert.Equal(
            [
                new Term(new AcademicYear(2025), TermName.Autumn, D("2025-09-01"), D("2026-01-04")),
                new Term(new AcademicYear(2025), TermName.Spring, D("2026-01-05"), D("2026-04-12")),
                new Term(new AcademicYear(2025), TermName.Summer, D("2026-04-13"), D("2026-08-31")),
            ],
            terms);
    }

    [Fact]
    public void Usual_starts_step_over_bank_holidays_and_weekends()
    {
        // 2027/28: 1 Sept 2027 is a Wednesday; 3 Jan 2028 is the substitute New Year holiday; Good Friday is 14 April.
        var starts = TermCalendar.UsualStarts(new AcademicYear(2027), WorkingDays.EnglandAndWales);
        // 2026/27: 1 Sept 2026 is a Tuesday; 4 Jan 2027 is a Monday; Good Friday is 26 March.
        var previous = TermCalendar.UsualStarts(new AcademicYear(2026), WorkingDays.EnglandAndWales);
        // 2022/23: 2 Jan 2023 is the substitute New Year holiday, so spring starts on Tuesday 3 January.
        var withHoliday = TermCalendar.UsualStarts(new AcademicYear(2022), WorkingDays.EnglandAndWales);

        Assert.Equal(new TermStarts(new AcademicYear(2027), D("2027-09-01"), D("2028-01-04"), D("2028-04-24")), starts);
        Assert.Equal(new TermStarts(new AcademicYear(2026), D("2026-09-01"), D("2027-01-04"), D("2027-04-05")), previous);
        Assert.Equal(D("2023-01-03"), withHoliday.Spring);
        Assert.Equal(D("2022-09-01"), withHoliday.Autumn);
    }

    [Fact]
    public void Terms_tile_the_years_with_no_gap_and_start_on_working_days()
    {
        var terms = England.TermsStartingBetween(D("2020-09-01"), D("2030-08-31"));

        Assert.Equal(30, terms.Count); // ten academic years, 2020/21 to 2029/30
        Assert.Equal(D("2030-08-31"), terms[^1].End); // 2030/31 is not computable, so the academic year's end
        for (var i = 0; i < terms.Count; i++)
        {
            Assert.True(WorkingDays.EnglandAndWales.IsWorkingDay(terms[i].Start), terms[i].ToString());
            Assert.True(terms[i].Start < terms[i].End);
            if (i > 0)
            {
                Assert.Equal(terms[i - 1].End.AddDays(1), terms[i].Start);
            }
        }
    }

    [Fact]
    public void TermsStartingBetween_includes_both_bounds()
    {
        var terms = England.TermsStartingBetween(D("2026-01-05"), D("2026-09-01"));

        Assert.Equal([TermName.Spring, TermName.Summer, TermName.Autumn], terms.Select(t => t.Name));
        Assert.Equal(D("2026-09-01"), terms[^1].Start);
    }

    [Fact]
    public void The_review_list_goes_2_weeks_before_each_term_starts()
    {
        var summer = England.TermsOf(new AcademicYear(2025))[2];

        Assert.Equal(D("2026-03-30"), summer.ReviewListDue);
    }

    [Fact]
    public void Review_lists_due_in_a_window_are_those_of_terms_starting_two_weeks_later()
    {
        var terms = England.TermsWithReviewListDueBetween(D("2025-12-22"), D("2026-03-30"));

        Assert.Equal([D("2025-12-22"), D("2026-03-30")], terms.Select(t => t.ReviewListDue)); // spring 5 Jan, summer 13 Apr
        Assert.Empty(England.TermsWithReviewListDueBetween(D("2025-12-23"), D("2026-03-29")));
    }

    [Fact]
    public void The_same_academic_year_configured_twice_is_refused()
    {
        var starts = new TermStarts(new AcademicYear(2026), D("2026-09-03"), D("2027-01-05"), D("2027-04-12"));

        var error = Assert.Throws<ArgumentException>(() => TermCalendar.FromStarts([starts, starts with { Autumn = D("2026-09-02") }]));
        Assert.Contains("2026/27", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-12-25", TermName.Autumn)] // holidays belong to the term before
    [InlineData("2026-01-05", TermName.Spring)]
    [InlineData("2026-08-15", TermName.Summer)]
    public void TermContaining_finds_the_term_a_date_belongs_to(string date, TermName name)
    {
        var term = England.TermContaining(D(date));

        Assert.Equal(name, term.Name);
        Assert.True(term.Contains(D(date)));
    }

    [Fact]
    public void Configured_term_dates_are_used_and_summer_runs_to_the_next_configured_autumn()
    {
        var calendar = TermCalendar.FromStarts(
        [
            new TermStarts(new AcademicYear(2026), D("2026-09-03"), D("2027-01-05"), D("2027-04-12")),
            new TermStarts(new AcademicYear(2027), D("2027-09-02"), D("2028-01-04"), D("2028-04-18")),
        ]);

        var terms = calendar.TermsOf(new AcademicYear(2026));
        var last = calendar.TermsOf(new AcademicYear(2027));

        Assert.Equal(D("2027-09-01"), terms[2].End);
        Assert.Equal(D("2026-09-03"), terms[0].Start);
        Assert.Equal(D("2028-08-31"), last[2].End); // next year unknown: the academic year's end
    }

    [Fact]
    public void A_year_with_no_configured_term_dates_is_not_covered()
    {
        var calendar = TermCalendar.FromStarts([new TermStarts(new AcademicYear(2026), D("2026-09-03"), D("2027-01-05"), D("2027-04-12"))]);

        var error = Assert.Throws<CalendarNotCoveredException>(() => calendar.TermsOf(new AcademicYear(2025)));
        Assert.Contains("2025/26", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Beyond_the_data_the_workflows_calendar_is_the_same_while_the_data_lasts()
    {
        // Up to the last academic year whose successor the data still covers.
        for (var year = 2020; year < WorkingDays.EnglandAndWales.LastYear - 1; year++)
        {
            Assert.Equal(England.TermsOf(new AcademicYear(year)), TermCalendar.EnglandBeyondData.TermsOf(new AcademicYear(year)));
        }

        // The strict calendar cannot see autumn 2030 and ends summer 2030 on 31 August; this one runs it to the day
        // before that autumn starts, as every other summer term.
        Assert.Equal(D("2030-08-31"), England.TermsOf(new AcademicYear(2029))[2].End);
        Assert.Equal(D("2030-09-01"), TermCalendar.EnglandBeyondData.TermsOf(new AcademicYear(2029))[2].End);
    }

    [Fact]
    public void Beyond_the_data_the_workflows_calendar_follows_the_usual_rules_for_years_on()
    {
        var firstUncovered = TermCalendar.EnglandBeyondData.TermsOf(new AcademicYear(2030));
        Assert.Equal([D("2030-09-02"), D("2031-01-06"), D("2031-04-21")], firstUncovered.Select(t => t.Start));

        // A plan's reviews run until the young person is 25: decades of terms, each a weekday that is not a usual holiday.
        foreach (var term in Enumerable.Range(2031, 30).SelectMany(y => TermCalendar.EnglandBeyondData.TermsOf(new AcademicYear(y))))
        {
            Assert.Equal(term.Start, UsualBankHolidays.NextWorkingDayOnOrAfter(term.Start));
            Assert.True(term.End >= term.Start, term.ToString());
        }
    }

    [Fact]
    public void The_usual_pattern_needs_bank_holiday_data_for_the_year()
    {
        Assert.Throws<CalendarNotCoveredException>(() => England.TermsOf(new AcademicYear(2030)));
        Assert.Throws<CalendarNotCoveredException>(() => England.TermsStartingBetween(D("2020-01-01"), D("2020-06-01")));
    }

    [Theory]
    [InlineData("2026-09-03", "2026-08-05", "2027-04-12")] // spring before autumn, outside the year
    [InlineData("2026-08-31", "2027-01-05", "2027-04-12")] // autumn outside the academic year
    public void Configured_dates_out_of_order_are_refused_with_the_year_named(string autumn, string spring, string summer)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TermCalendar.FromStarts([new TermStarts(new AcademicYear(2026), D(autumn), D(spring), D(summer))]));

        Assert.Contains("2026/27", error.Message, StringComparison.Ordinal);
    }
}
