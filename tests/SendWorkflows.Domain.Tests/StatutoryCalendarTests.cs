using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

public class StatutoryCalendarTests
{
    [Fact]
    public void Worked_example_request_received_5_January_2026_has_final_plan_due_25_May_2026()
    {
        var deadlines = StatutoryCalendar.Assessment(D("2026-01-05"));

        Assert.Equal(D("2026-05-25"), deadlines.FinalPlanDue);
    }

    [Fact]
    public void Assessment_deadlines_are_6_16_and_20_weeks_from_the_request()
    {
        var deadlines = StatutoryCalendar.Assessment(D("2026-01-05"));

        Assert.Equal(
            new AssessmentDeadlines(D("2026-01-05"), D("2026-02-16"), D("2026-04-27"), D("2026-05-25")),
            deadlines);
    }

    [Theory]
    [InlineData("2025-12-22", "2026-02-02")] // across the year end
    [InlineData("2028-01-31", "2028-03-13")] // across 29 February in a leap year
    [InlineData("2027-01-31", "2027-03-14")]
    public void Advice_is_due_6_weeks_after_that_contributors_request(string requested, string due) =>
        Assert.Equal(D(due), StatutoryCalendar.AdviceDue(D(requested)));

    [Fact]
    public void Draft_comment_window_is_15_days() =>
        Assert.Equal(D("2026-03-16"), StatutoryCalendar.DraftCommentWindowEnds(D("2026-03-01")));

    [Fact]
    public void Review_limits_count_from_the_meeting_and_the_decision()
    {
        var meeting = D("2026-11-23");

        Assert.Equal(D("2026-12-21"), StatutoryCalendar.ReviewDecisionDue(meeting));
        Assert.Equal(D("2027-01-18"), StatutoryCalendar.AmendedPlanDue(D("2026-11-23")));
        Assert.Equal(D("2027-02-15"), StatutoryCalendar.AmendedPlanLatest(meeting));
    }

    [Fact]
    public void Every_limit_is_exact_calendar_days_whatever_the_day_of_week_or_month_end()
    {
        foreach (var day in EveryDay(D("2019-12-01"), D("2029-01-31")))
        {
            var deadlines = StatutoryCalendar.Assessment(day);
            Assert.Equal(42, deadlines.DecisionDue.DayNumber - day.DayNumber);
            Assert.Equal(112, deadlines.NotToIssueDue.DayNumber - day.DayNumber);
            Assert.Equal(140, deadlines.FinalPlanDue.DayNumber - day.DayNumber);
            Assert.Equal(day.DayOfWeek, deadlines.FinalPlanDue.DayOfWeek);
            Assert.Equal(42, StatutoryCalendar.AdviceDue(day).DayNumber - day.DayNumber);
            Assert.Equal(15, StatutoryCalendar.DraftCommentWindowEnds(day).DayNumber - day.DayNumber);
            Assert.Equal(28, StatutoryCalendar.ReviewDecisionDue(day).DayNumber - day.DayNumber);
            Assert.Equal(56, StatutoryCalendar.AmendedPlanDue(day).DayNumber - day.DayNumber);
            Assert.Equal(84, StatutoryCalendar.AmendedPlanLatest(day).DayNumber - day.DayNumber);
        }
    }

    [Fact]
    public void Decision_plus_amendment_never_exceeds_the_12_week_outer_bound_when_decided_in_time()
    {
        var meeting = D("2026-06-30");
        var latestDecision = StatutoryCalendar.ReviewDecisionDue(meeting);

        Assert.Equal(StatutoryCalendar.AmendedPlanLatest(meeting), StatutoryCalendar.AmendedPlanDue(latestDecision));
    }
}
