using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

public class LimitCheckTests
{
    static readonly DateOnly Due = D("2026-05-25");

    [Theory]
    [InlineData("2026-05-20", "2026-05-30", LimitStatus.Met)]
    [InlineData("2026-05-25", "2026-05-30", LimitStatus.Met)] // on the due day is in time
    [InlineData("2026-05-26", "2026-05-30", LimitStatus.Missed)]
    [InlineData("2026-05-26", "2026-05-10", LimitStatus.Missed)] // done late stays missed whatever asOf
    [InlineData(null, "2026-05-25", LimitStatus.Pending)]
    [InlineData(null, "2026-05-26", LimitStatus.Missed)]
    [InlineData(null, "2026-01-01", LimitStatus.Pending)]
    public void Evaluate_gives_met_missed_or_pending(string? doneOn, string asOf, LimitStatus expected)
    {
        var done = doneOn is null ? (DateOnly?)null : D(doneOn);

        var result = LimitCheck.Evaluate("final plan", Due, done, D(asOf));

        Assert.Equal(new LimitResult("final plan", Due, done, expected), result);
    }
}

public class Reg10ExceptionsTests
{
    static readonly DateOnly Requested = D("2026-05-11"); // final plan due 2026-09-28

    [Theory]
    [InlineData(ExceptionReason.SchoolClosure, "2026-07-22", "2026-09-01", true)]
    [InlineData(ExceptionReason.SchoolClosure, "2026-07-22", "2026-08-10", false)] // under 4 weeks
    [InlineData(ExceptionReason.AbsentFromArea, "2026-06-01", "2026-06-28", true)] // exactly 28 days
    [InlineData(ExceptionReason.AbsentFromArea, "2026-06-01", "2026-06-27", false)]
    [InlineData(ExceptionReason.PersonalCircumstances, "2026-06-01", "2026-06-03", true)] // no minimum length
    [InlineData(ExceptionReason.PersonalCircumstances, "2026-10-01", "2026-12-01", false)] // after the 20 weeks
    [InlineData(ExceptionReason.EarlyYearsClosure, "2026-03-01", "2026-05-10", false)] // before the request
    [InlineData(ExceptionReason.PersonalCircumstances, "2026-06-03", "2026-06-01", false)] // ends before it starts
    public void An_exception_is_valid_when_it_overlaps_the_20_weeks_and_is_long_enough(ExceptionReason reason, string from, string to, bool valid)
    {
        var exception = new RecordedException(reason, D(from), D(to), D("2026-09-01"));

        Assert.Equal(valid, Reg10Exceptions.IsValid(exception, Requested));
    }
}

public class ExcusableLimitTests
{
    static readonly DateOnly Requested = D("2026-05-11"); // final plan due 2026-09-28
    static readonly RecordedException Closure = new(ExceptionReason.SchoolClosure, D("2026-07-22"), D("2026-09-01"), D("2026-07-01"));
    static readonly RecordedException ShortAbsence = new(ExceptionReason.AbsentFromArea, D("2026-06-01"), D("2026-06-05"), D("2026-06-05"));

    [Fact]
    public void A_late_plan_with_a_valid_exception_stays_missed_and_is_marked_excused()
    {
        var result = Reg10Exceptions.FinalPlan(Requested, D("2026-10-20"), [Closure, ShortAbsence], D("2026-11-01"));

        Assert.Equal(LimitStatus.Missed, result.Limit.Status);
        Assert.Equal(D("2026-09-28"), result.Limit.DueOn);
        Assert.True(result.Excused);
        Assert.Equal([Closure], result.ValidExceptions);
    }

    [Fact]
    public void An_exception_does_not_pause_the_clock_or_excuse_a_plan_in_time()
    {
        var pending = Reg10Exceptions.FinalPlan(Requested, null, [Closure], D("2026-09-28"));
        var missed = Reg10Exceptions.FinalPlan(Requested, null, [Closure], D("2026-09-29"));
        var met = Reg10Exceptions.FinalPlan(Requested, D("2026-09-01"), [Closure], D("2026-11-01"));

        Assert.Equal(LimitStatus.Pending, pending.Limit.Status);
        Assert.Equal(LimitStatus.Missed, missed.Limit.Status);
        Assert.True(missed.Excused);
        Assert.False(met.Excused);
    }

    [Fact]
    public void A_late_plan_with_only_invalid_exceptions_is_not_excused() =>
        Assert.False(Reg10Exceptions.FinalPlan(Requested, D("2026-10-20"), [ShortAbsence], D("2026-11-01")).Excused);
}
