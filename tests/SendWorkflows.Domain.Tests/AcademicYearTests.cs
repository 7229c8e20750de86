using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

public class AcademicYearTests
{
    [Theory]
    [InlineData("2025-09-01", 2025)]
    [InlineData("2025-08-31", 2024)]
    [InlineData("2026-01-01", 2025)]
    [InlineData("2025-12-31", 2025)]
    public void Academic_year_runs_1_September_to_31_August(string date, int startYear)
    {
        var year = AcademicYear.Containing(D(date));

        Assert.Equal(startYear, year.StartYear);
        Assert.Equal(new DateOnly(startYear, 9, 1), year.Start);
        Assert.Equal(new DateOnly(startYear + 1, 8, 31), year.End);
        Assert.Equal($"{startYear}/{(startYear + 1) % 100:00}", year.ToString());
    }

    [Fact]
    public void Every_day_lies_in_exactly_the_academic_year_containing_it()
    {
        foreach (var day in EveryDay(D("2019-01-01"), D("2030-12-31")))
        {
            var year = AcademicYear.Containing(day);
            Assert.True(year.Contains(day));
            Assert.False(new AcademicYear(year.StartYear - 1).Contains(day));
            Assert.False(new AcademicYear(year.StartYear + 1).Contains(day));
        }
    }

    [Theory]
    [InlineData("6", "2025-10-01", "2026-08-31", "6")]
    [InlineData("6", "2025-10-01", "2026-09-01", "7")]
    [InlineData("6", "2026-08-31", "2026-09-01", "7")] // loaded the day before it advances
    [InlineData("N1", "2025-10-01", "2028-01-10", "R")]
    [InlineData("13", "2025-10-01", "2028-01-10", "14")] // Year 14 is the last
    [InlineData("none", "2025-10-01", "2028-01-10", "none")]
    [InlineData("6", "2025-10-01", "2025-06-01", "5")] // before the load year
    [InlineData("N2", "2025-10-01", "2023-06-01", "N1")] // never below N1
    public void Year_group_advances_every_1_September(string atLoad, string loadedOn, string on, string expected)
    {
        Assert.True(YearGroup.TryParse(atLoad, out var loaded));

        Assert.Equal(expected, YearGroups.On(loaded, D(loadedOn), D(on)).ToString());
    }

    [Theory]
    [InlineData("N2", TransferKind.School)]
    [InlineData("6", TransferKind.School)]
    [InlineData("11", TransferKind.Post16)]
    [InlineData("N1", TransferKind.None)]
    [InlineData("R", TransferKind.None)]
    [InlineData("5", TransferKind.None)]
    [InlineData("7", TransferKind.None)]
    [InlineData("12", TransferKind.None)]
    [InlineData("none", TransferKind.None)]
    public void Transfer_years_are_N2_and_Year_6_to_school_and_Year_11_to_post16(string yearGroup, TransferKind expected)
    {
        Assert.True(YearGroup.TryParse(yearGroup, out var parsed));

        Assert.Equal(expected, PhaseTransfer.For(parsed));
    }

    [Theory]
    [InlineData(TransferKind.None)]
    [InlineData(TransferKind.School)]
    [InlineData(TransferKind.Post16)]
    public void An_override_wins_over_the_year_group(TransferKind chosen)
    {
        Assert.Equal(chosen, PhaseTransfer.For(YearGroup.Year(6), chosen));
        Assert.Equal(chosen, PhaseTransfer.For(YearGroup.Year(4), chosen));
    }

    [Fact]
    public void Deadlines_fall_in_the_calendar_year_the_academic_year_ends()
    {
        Assert.Equal(D("2026-02-15"), PhaseTransfer.Deadline(TransferKind.School, new AcademicYear(2025)));
        Assert.Equal(D("2026-03-31"), PhaseTransfer.Deadline(TransferKind.Post16, new AcademicYear(2025)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhaseTransfer.Deadline(TransferKind.None, new AcademicYear(2025)));
    }
}

public class ReviewTargetTests
{
    static readonly DateOnly LoadedOn = D("2025-10-01");

    [Fact]
    public void Worked_example_Year_6_child_due_in_2026_has_target_23_November_2025()
    {
        var target = ReviewTarget.For(D("2026-03-10"), YearGroup.Year(6), LoadedOn);

        Assert.Equal(new ReviewTarget(D("2026-03-10"), D("2025-11-23"), TransferKind.School, D("2026-02-15")), target);
    }

    [Fact]
    public void A_transfer_review_already_due_before_the_latest_date_keeps_its_due_date()
    {
        var target = ReviewTarget.For(D("2025-10-20"), YearGroup.Year(6), LoadedOn);

        Assert.Equal(D("2025-10-20"), target.Target);
        Assert.Equal(TransferKind.School, target.Transfer);
    }

    [Fact]
    public void Post16_transfer_works_back_from_31_March()
    {
        var target = ReviewTarget.For(D("2026-06-01"), YearGroup.Year(11), LoadedOn);

        Assert.Equal(D("2026-01-06"), target.Target);
        Assert.Equal(D("2026-03-31"), target.TransferDeadline);
    }

    [Fact]
    public void The_transfer_cycle_is_found_from_the_year_group_in_the_academic_year_of_the_due_date()
    {
        // Year 5 at load: the cycle due in 2026/27 is the Year 6 one, so it is brought forward to 2026-11-23.
        var transferCycle = ReviewTarget.For(D("2027-01-15"), YearGroup.Year(5), LoadedOn);
        var thisYear = ReviewTarget.For(D("2026-01-15"), YearGroup.Year(5), LoadedOn);

        Assert.Equal(D("2026-11-23"), transferCycle.Target);
        Assert.Equal(TransferKind.School, transferCycle.Transfer);
        Assert.Equal(new ReviewTarget(D("2026-01-15"), D("2026-01-15"), TransferKind.None, null), thisYear);
    }

    [Fact]
    public void Override_none_turns_off_a_derived_transfer()
    {
        var target = ReviewTarget.For(D("2026-03-10"), YearGroup.Year(6), LoadedOn, TransferKind.None);

        Assert.Equal(new ReviewTarget(D("2026-03-10"), D("2026-03-10"), TransferKind.None, null), target);
    }

    [Fact]
    public void Target_is_never_after_due_and_in_a_transfer_cycle_never_after_deadline_minus_12_weeks()
    {
        foreach (var due in EveryDay(D("2024-09-01"), D("2029-08-31")))
        {
            foreach (var atLoad in new[] { YearGroup.Nursery2, YearGroup.Year(6), YearGroup.Year(9), YearGroup.Year(11) })
            {
                var target = ReviewTarget.For(due, atLoad, LoadedOn);
                Assert.True(target.Target <= due);
                if (target.TransferDeadline is { } deadline)
                {
                    Assert.True(target.Target.DayNumber <= deadline.DayNumber - 84);
                    Assert.Equal(AcademicYear.Containing(due).EndYear, deadline.Year);
                }
                else
                {
                    Assert.Equal(due, target.Target);
                }
            }
        }
    }
}
