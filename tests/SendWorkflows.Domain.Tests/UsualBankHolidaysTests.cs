using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

/// <summary>ADR 0012: after the data ends, send dates follow the same rules the data's projected years were made by.</summary>
public class UsualBankHolidaysTests
{
    [Fact]
    public void The_rules_give_exactly_the_data_files_projected_years()
    {
        var data = WorkingDays.EnglandAndWales;
        Assert.NotEmpty(data.ProjectedYears);
        foreach (var year in data.ProjectedYears)
        {
            Assert.Equal(data.BankHolidays.Where(d => d.Year == year).Order(), UsualBankHolidays.For(year).Order());
        }
    }

    [Theory]
    [InlineData("2031-01-01", "2031-01-02")] // New Year's Day, Wednesday
    [InlineData("2031-04-11", "2031-04-15")] // Good Friday, weekend, Easter Monday
    [InlineData("2031-12-25", "2031-12-29")] // Christmas Thursday, Boxing Day Friday, weekend
    [InlineData("2062-10-20", "2062-10-20")]
    [InlineData("9999-12-31", "9999-12-31")] // Friday: no overflow at the end of the calendar
    public void The_next_working_day_after_the_data_ends(string date, string expected) =>
        Assert.Equal(D(expected), UsualBankHolidays.NextWorkingDayOnOrAfter(D(date)));

    [Fact]
    public void The_last_representable_day_never_overflows() =>
        Assert.Equal(DateOnly.MaxValue, UsualBankHolidays.NextWorkingDayOnOrAfter(DateOnly.MaxValue));
}
