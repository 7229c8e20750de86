using SendWorkflows.Domain;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Timetables;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Rules;

public sealed class TimetableRulesTests
{
    [Theory]
    [InlineData("2025-11-22", "2025-11-24")] // Saturday -> Monday
    [InlineData("2025-12-25", "2025-12-29")] // Christmas, Boxing Day, weekend -> Monday
    [InlineData("2025-11-25", "2025-11-25")] // a Tuesday stays
    public void Notifications_go_out_on_the_next_working_day_but_the_due_date_never_moves(string planned, string sent)
    {
        var step = TimetableStep.Notify("s", Date(planned), true, NotificationKind.AdviceReminder, [Recipient.SenManager], Date(planned));

        Assert.Equal((Date(sent), Date(planned)), (step.SendOn, step.DueOn!.Value));
    }

    [Fact]
    public void Plan_overdue_since_before_the_bank_holiday_data_still_gets_its_one_escalation()
    {
        var cycle = new ReviewCycle(AnnualReviewInput.Imported(Plan(), Date("2017-05-02")), Date("2025-09-01"));

        var next = Timetable.Next(ReviewTimetable.Steps(cycle), cycle.StepsTaken, cycle.StartedOn);

        Assert.Equal((ReviewTimetable.OverdueAtStart, Date("2025-09-01"), Date("2018-05-02")), (next!.Name, next.SendOn, next.DueOn!.Value));
    }

    [Fact]
    public void Timers_fire_at_seven_in_the_morning_UK_time_in_summer_and_winter()
    {
        Assert.Equal(new DateTime(2025, 7, 1, 6, 0, 0, DateTimeKind.Utc), WorkflowCalendar.FireAtUtc(Date("2025-07-01")));
        Assert.Equal(new DateTime(2025, 12, 1, 7, 0, 0, DateTimeKind.Utc), WorkflowCalendar.FireAtUtc(Date("2025-12-01")));
    }

    [Fact]
    public void Next_step_is_the_earliest_wanted_untaken_one_and_steps_before_the_start_are_skipped()
    {
        TimetableStep Step(string name, string on, bool wanted = true) =>
            TimetableStep.Notify(name, Date(on), wanted, NotificationKind.ReviewUpcoming, [], null);
        var steps = new[] { Step("a", "2025-09-01"), Step("b", "2025-10-01"), Step("c", "2025-09-15", wanted: false), Step("d", "2025-11-03") };

        Assert.Equal("a", Timetable.Next(steps, new HashSet<string>())!.Name);
        Assert.Equal("b", Timetable.Next(steps, new HashSet<string> { "a" })!.Name);
        Assert.Equal("d", Timetable.Next(steps, new HashSet<string>(), skipBefore: Date("2025-10-02"))!.Name);
        Assert.Null(Timetable.Next(steps, new HashSet<string> { "a", "b", "d" }));
    }

    [Fact]
    public void Steps_sending_on_the_same_day_are_taken_in_timetable_order()
    {
        TimetableStep Step(string name, string on) => TimetableStep.Notify(name, Date(on), true, NotificationKind.ReviewUpcoming, [], null);

        // Saturday 4 October 2025 is sent on Monday 6 October, the same day as the Monday step and after the Friday one.
        var steps = new[] { Step("monday", "2025-10-06"), Step("saturday", "2025-10-04"), Step("later", "2025-10-07") };

        Assert.Equal("monday", Timetable.Next(steps, new HashSet<string>())!.Name);
        Assert.Equal("saturday", Timetable.Next([steps[1], steps[0], steps[2]], new HashSet<string>())!.Name);
        Assert.Equal("saturday", Timetable.Next(steps, new HashSet<string> { "monday" })!.Name);
    }

    [Fact]
    public void Year_6_review_due_in_March_is_targeted_twelve_weeks_before_15_February()
    {
        var cycle = new ReviewCycle(AnnualReviewInput.Imported(Plan(yearGroup: "6"), Date("2025-03-10")), Date("2025-09-01"));

        Assert.Equal(new ReviewTarget(Date("2026-03-10"), Date("2025-11-23"), TransferKind.School, Date("2026-02-15")), cycle.Dates);
    }

    [Fact]
    public void A_caseload_transfer_override_applies_to_the_load_year_only()
    {
        var loadedOn = Date("2025-09-01");

        var thisYear = WorkflowCalendar.Target(Date("2026-03-10"), YearGroup.Year(9), loadedOn, TransferKind.School);
        var nextYear = WorkflowCalendar.Target(Date("2027-03-10"), YearGroup.Year(9), loadedOn, TransferKind.School);
        var noneThisYear = WorkflowCalendar.Target(Date("2026-03-10"), YearGroup.Year(6), loadedOn, TransferKind.None);

        Assert.Equal((Date("2025-11-23"), TransferKind.School), (thisYear.Target, thisYear.Transfer));
        Assert.Equal((Date("2027-03-10"), TransferKind.None), (nextYear.Target, nextYear.Transfer));
        Assert.Equal((Date("2026-03-10"), TransferKind.None), (noneThisYear.Target, noneThisYear.Transfer));
    }

    [Fact]
    public void Year_groups_advance_on_1_September_so_next_years_transfer_is_found_without_a_new_import()
    {
        // Year 5 when loaded in September 2025; the second cycle falls in 2026/27, when the child is in Year 6.
        var second = new AnnualReviewInput(Plan(yearGroup: "5"), 2, Date("2026-01-10"), []);

        var cycle = new ReviewCycle(second, Date("2026-01-20"));

        Assert.Equal((Date("2026-11-23"), TransferKind.School), (cycle.Dates.Target, cycle.Dates.Transfer));
        Assert.Equal(YearGroup.Year(6), cycle.YearGroupOn(Date("2026-09-01")));
    }

    [Fact]
    public void Review_timetable_after_amend_reminds_two_weeks_before_the_eight_week_due_date_and_alerts_the_day_after()
    {
        var cycle = new ReviewCycle(AnnualReviewInput.Imported(Plan(), Date("2025-06-10")), Date("2025-09-01"));
        cycle.Apply(new Contract.ReviewMeetingHeld("h", "P1", Date("2026-05-04")));
        cycle.Apply(new Contract.ReviewDecision("d", "P1", Date("2026-05-20"), ReviewDecisionKind.Amend));

        var amend = ReviewTimetable.Steps(cycle).Where(s => s.Name.StartsWith("amended", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            [(NotificationKind.AmendedPlanDueReminder, Date("2026-07-01")), (NotificationKind.StatutoryDeadlineMissed, Date("2026-07-16"))],
            amend.Select(s => (s.Kind, s.SendOn)));
        Assert.All(amend, s => Assert.Equal(Date("2026-07-15"), s.DueOn));
    }
}
