using System.Text.Json;
using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

/// <summary>Small data checked by hand; the comments give the sums.</summary>
public class KpisTests
{
    static readonly DateOnly From = D("2026-01-01");
    static readonly DateOnly To = D("2026-12-31");
    static readonly DateOnly AsOf = D("2026-12-20");

    static AdviceOutcome Advice(ContactRole role, string requested, string? received)
    {
        var due = StatutoryCalendar.AdviceDue(D(requested));
        return new AdviceOutcome(role.ToString(), role, D(requested), due, received is null ? null : D(received), LimitStatus.Pending, null);
    }

    static AssessmentOutcome Plan(string id, string requested, string issued, RecordedException[]? exceptions = null, AdviceOutcome[]? advice = null) =>
        Assessment(id, requested, issued, AssessmentEnd.FinalPlanIssued, exceptions, advice);

    static AssessmentOutcome Assessment(string id, string requested, string ended, AssessmentEnd end, RecordedException[]? exceptions = null, AdviceOutcome[]? advice = null)
    {
        var deadlines = StatutoryCalendar.Assessment(D(requested));
        var finalPlan = end == AssessmentEnd.FinalPlanIssued
            ? LimitCheck.Evaluate("final plan", deadlines.FinalPlanDue, D(ended), D(ended))
            : null;
        return new AssessmentOutcome(
            id,
            D(requested),
            D(ended),
            end,
            (D(ended).DayNumber - D(requested).DayNumber) / 7.0,
            LimitCheck.Evaluate("decision", deadlines.DecisionDue, D(requested).AddDays(30), D(ended)),
            null,
            finalPlan,
            exceptions ?? [],
            advice ?? []);
    }

    static RecordedException Exception(ExceptionReason reason, string from, string to) => new(reason, D(from), D(to), D(to));

    /// <summary>The record's own Meeting status is left stale (Pending) on purpose: KPIs re-evaluate as of asOf.</summary>
    static ReviewOutcome Review(string id, TransferKind transfer, string meetingDue, string? meetingOn, string? amendedOn = null, bool amend = false)
    {
        DateOnly? meeting = meetingOn is null ? null : D(meetingOn);
        return new ReviewOutcome(
            id,
            1,
            D(meetingDue),
            D(meetingDue),
            transfer,
            meeting,
            new LimitResult("review meeting", D(meetingDue), meeting, LimitStatus.Pending),
            meeting?.AddDays(7),
            amend ? ReviewDecisionKind.Amend : ReviewDecisionKind.Maintain,
            null,
            amend && meeting is { } m
                ? new LimitResult("amended plan", StatutoryCalendar.AmendedPlanDue(m.AddDays(7)), amendedOn is null ? null : D(amendedOn), LimitStatus.Pending)
                : null,
            []);
    }

    static RegisterEntry Entry(string id, string nextDue, bool ceased = false) =>
        new(id, "AB", YearGroup.Year(4), "School", SettingType.Mainstream, null, D(nextDue), D(nextDue), TransferKind.None, "active", null, false, ceased);

    static readonly AssessmentOutcome[] Assessments =
    [
        // In time (due 2026-05-25). Advice: EP met, health late.
        Plan("A1", "2026-01-05", "2026-05-20", advice: [Advice(ContactRole.EducationalPsychology, "2026-01-12", "2026-02-20"), Advice(ContactRole.Health, "2026-01-12", "2026-03-01")]),
        // Late (due 2026-06-22) with a valid summer closure. Advice: EP never came (missed), social care met.
        Plan("A2", "2026-02-02", "2026-07-10", [Exception(ExceptionReason.SchoolClosure, "2026-05-20", "2026-09-02")], [Advice(ContactRole.EducationalPsychology, "2026-05-20", null), Advice(ContactRole.SocialCare, "2026-02-09", "2026-03-20")]),
        // Late (due 2026-07-20), no exception.
        Plan("A3", "2026-03-02", "2026-08-28"),
        // In time (due 2026-10-19) though it has a valid exception: counted in "including", left out of "excluding".
        Plan("A4", "2026-06-01", "2026-10-12", [Exception(ExceptionReason.PersonalCircumstances, "2026-06-10", "2026-06-12")]),
        // Late (due 2026-07-27); its 10-day absence is not a valid exception (under 4 weeks).
        Plan("A7", "2026-03-09", "2026-08-03", [Exception(ExceptionReason.AbsentFromArea, "2026-04-01", "2026-04-10")]),
        // Issued before the period.
        Plan("A5", "2025-06-01", "2025-10-01", [Exception(ExceptionReason.SchoolClosure, "2025-07-20", "2025-09-03")]),
        // Declined; its health advice (due 2026-12-28) is still pending on 2026-12-20.
        Assessment("A6", "2026-11-02", "2026-11-30", AssessmentEnd.Declined, advice: [Advice(ContactRole.Health, "2026-11-16", null)]),
    ];

    static readonly ReviewOutcome[] Reviews =
    [
        Review("R1", TransferKind.School, "2026-11-22", "2026-11-10"),
        Review("R2", TransferKind.School, "2026-11-22", "2026-12-01"),
        Review("R3", TransferKind.School, "2026-11-22", null),
        Review("R4", TransferKind.Post16, "2026-01-05", "2026-01-05"),
        Review("R5", TransferKind.None, "2026-03-01", "2026-02-20", amendedOn: "2026-05-01", amend: true), // latest 2026-05-15: met
        Review("R6", TransferKind.None, "2026-12-30", null), // not due yet: pending
        Review("R7", TransferKind.None, "2026-06-01", "2026-06-15", amendedOn: "2026-09-30", amend: true), // latest 2026-09-07: missed
        Review("R8", TransferKind.None, "2026-10-01", "2026-09-29", amend: true), // latest 2026-12-22: pending
        Review("R9", TransferKind.None, "2025-12-01", "2025-11-20", amendedOn: "2026-02-01", amend: true), // latest 2026-02-12: met, in period
    ];

    static readonly RegisterEntry[] Register =
    [
        Entry("E4", "2025-11-01"),
        Entry("E2", "2026-12-20"), // due today: not yet overdue
        Entry("E3", "2026-05-01", ceased: true),
        Entry("E1", "2026-12-01"),
    ];

    static KpiReport Report() => Kpis.Compute(From, To, Assessments, Reviews, Register, AsOf);

    [Fact]
    public void New_plans_within_20_weeks_with_and_without_exceptions()
    {
        var report = Report();

        Assert.Equal(5, report.NewPlansIssued); // A1 A2 A3 A4 A7
        Assert.Equal(new Rate(2, 5, 40.0), report.NewPlansWithin20WeeksIncludingExceptions); // A1 A4
        Assert.Equal(new Rate(1, 3, 33.3), report.NewPlansWithin20WeeksExcludingExceptions); // A1 of A1 A3 A7
        Assert.Equal(2, report.NewPlansWithValidException); // A2 A4
    }

    [Fact]
    public void Valid_exceptions_are_counted_by_reason_for_the_periods_new_plans()
    {
        Assert.Equal(
            [
                new ExceptionCount(ExceptionReason.SchoolClosure, 1),
                new ExceptionCount(ExceptionReason.EarlyYearsClosure, 0),
                new ExceptionCount(ExceptionReason.PersonalCircumstances, 1),
                new ExceptionCount(ExceptionReason.AbsentFromArea, 0),
            ],
            Report().ExceptionsByReason);
    }

    [Fact]
    public void Advice_within_6_weeks_per_service_leaves_out_pending_advice()
    {
        var byRole = Report().AdviceWithinSixWeeks.ToDictionary(a => a.Role, a => a.WithinSixWeeks);

        Assert.Equal(new Rate(1, 2, 50.0), byRole[ContactRole.EducationalPsychology]);
        Assert.Equal(new Rate(0, 1, 0.0), byRole[ContactRole.Health]);
        Assert.Equal(new Rate(1, 1, 100.0), byRole[ContactRole.SocialCare]);
        Assert.Equal(new Rate(0, 0, null), byRole[ContactRole.Education]);
        Assert.Equal(Enum.GetValues<ContactRole>().Length, byRole.Count);
    }

    [Fact]
    public void Reviews_on_time_split_into_school_transfers_post16_transfers_and_others()
    {
        var reviews = Report().ReviewsOnTime;

        Assert.Equal(new Rate(1, 3, 33.3), reviews.SchoolTransfers); // R1 of R1 R2 R3
        Assert.Equal(new Rate(1, 1, 100.0), reviews.Post16Transfers); // R4
        Assert.Equal(new Rate(2, 3, 66.7), reviews.Others); // R5 R8 of R5 R7 R8 (R6 pending, R9 outside)
        Assert.Equal(new Rate(4, 7, 57.1), reviews.All);
    }

    [Fact]
    public void Amended_plans_within_12_weeks_of_the_meeting_by_when_the_12_weeks_end()
    {
        Assert.Equal(new Rate(2, 3, 66.7), Report().AmendedPlansWithin12WeeksOfMeeting); // R5 R9 of R5 R7 R9 (R8 pending)
    }

    [Fact]
    public void Overdue_backlog_is_live_plans_whose_next_review_is_before_asOf()
    {
        Assert.Equal(new OverdueReviews(2, ["E1", "E4"]), Report().OverdueReviews, new OverdueComparer());
    }

    [Fact]
    public void Empty_inputs_give_zero_counts_and_null_percentages()
    {
        var report = Kpis.Compute(From, To, [], [], [], AsOf);

        Assert.Equal(0, report.NewPlansIssued);
        Assert.Equal(new Rate(0, 0, null), report.NewPlansWithin20WeeksIncludingExceptions);
        Assert.Equal(new Rate(0, 0, null), report.ReviewsOnTime.All);
        Assert.Equal(0, report.OverdueReviews.Count);
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Kpis.Compute(To, From, [], [], [], AsOf));

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 3, 33.3)]
    [InlineData(1, 16, 6.3)] // 6.25 rounds half away from zero
    [InlineData(1280, 1737, 73.7)] // the Thurrock figure
    [InlineData(5, 5, 100.0)]
    public void Rate_rounds_to_one_decimal_and_is_null_with_nothing_to_count(int count, int total, double? percent) =>
        Assert.Equal(new Rate(count, total, percent), Rate.Of(count, total));

    [Fact]
    public void Rate_refuses_a_count_above_its_total() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Rate.Of(3, 2));

    [Fact]
    public void Report_serialises_to_readable_json_with_counts_beside_percentages()
    {
        var json = Report().ToJson();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("2026-01-01", root.GetProperty("from").GetString());
        var included = root.GetProperty("newPlansWithin20WeeksIncludingExceptions");
        Assert.Equal(2, included.GetProperty("count").GetInt32());
        Assert.Equal(5, included.GetProperty("total").GetInt32());
        Assert.Equal(40.0, included.GetProperty("percent").GetDouble());
        var education = root.GetProperty("adviceWithinSixWeeks").EnumerateArray().Single(a => a.GetProperty("role").GetString() == "education");
        Assert.Equal(JsonValueKind.Null, education.GetProperty("withinSixWeeks").GetProperty("percent").ValueKind);
        Assert.Equal("school_closure", root.GetProperty("exceptionsByReason")[0].GetProperty("reason").GetString());
        Assert.Contains("\n", json, StringComparison.Ordinal);
    }

    sealed class OverdueComparer : IEqualityComparer<OverdueReviews>
    {
        public bool Equals(OverdueReviews? x, OverdueReviews? y) => x!.Count == y!.Count && x.PlanIds.SequenceEqual(y.PlanIds);

        public int GetHashCode(OverdueReviews obj) => obj.Count;
    }

    [Fact]
    public void The_monthly_report_compares_the_month_and_the_year_to_date_with_the_year_before_by_the_same_kpis()
    {
        // Month: November 2026. Plans issued in November 2026 (one on time, one late) and in November 2025 (one on time);
        // the year to date 2026/27 adds one on time in October 2026; the year before adds one late in September 2025.
        AssessmentOutcome[] plans =
        [
            Plan("a", "2026-07-01", "2026-11-10"), // due 18 Nov: met
            Plan("b", "2026-06-01", "2026-11-20"), // due 19 Oct: missed
            Plan("c", "2025-07-01", "2025-11-12"), // due 18 Nov 2025: met
            Plan("d", "2026-06-01", "2026-10-01"), // met
            Plan("e", "2025-03-03", "2025-09-10"), // due 21 Jul 2025: missed
        ];
        var sendOn = D("2026-12-01");

        var report = MonthlyKpis.For(D("2026-11-01"), plans, [], [], sendOn);

        var twentyWeeks = report.Lines.Single(l => l.Measure == KpiMeasure.NewPlansWithin20Weeks);
        Assert.Equal(Rate.Of(1, 2), twentyWeeks.Month);
        Assert.Equal(Rate.Of(1, 1), twentyWeeks.MonthYearBefore);
        Assert.Equal(Rate.Of(2, 3), twentyWeeks.YearToDate);
        Assert.Equal(Rate.Of(1, 2), twentyWeeks.YearToDateYearBefore);
        Assert.Equal((2, 1, 3, 2), (report.NewPlansMonth, report.NewPlansMonthYearBefore, report.NewPlansYearToDate, report.NewPlansYearToDateYearBefore));
        Assert.Equal(Kpis.For(ReportingPeriod.Month(2026, 11, sendOn), plans, [], [], sendOn).NewPlansWithin20WeeksIncludingExceptions, twentyWeeks.Month);
        Assert.Equal(12, report.Trend.Count);
        Assert.Equal((D("2025-12-01"), D("2026-11-01")), (report.Trend[0].Month, report.Trend[^1].Month));
        Assert.Equal(Rate.Of(1, 2), report.Trend[^1].Within20Weeks);
    }
}
