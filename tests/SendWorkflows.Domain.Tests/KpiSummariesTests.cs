using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

/// <summary>
/// ADR 0105: the KPIs from per-month summaries equal <see cref="Kpis.For"/>, <see cref="KpiTrend.Monthly"/> and
/// <see cref="KpiTrend.OverdueReviewsOn"/> over the outcomes themselves, for a generated two years of outcomes (seeded,
/// with every kind of limit met, late, not done and pending, exceptions valid and not, surveys answered or not, open and
/// ended review cycles) and every month, term, year to date and ranges that cut months, as of several days, including
/// days before some of the recorded dates.
/// </summary>
public class KpiSummariesTests
{
    static readonly DateOnly First = D("2024-09-01");
    static readonly DateOnly Last = D("2026-08-31");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_figures_from_the_summaries_equal_those_over_every_outcome(int seed)
    {
        var year = Generated.Year(seed);
        var summaries = KpiSummarySet.Of(D("2023-01-01"), Last, year.Assessments, year.Reviews, year.Surveys);
        var checkedPeriods = 0;
        foreach (var asOf in new[] { D("2026-08-31"), D("2026-03-15"), D("2025-11-01"), D("2025-12-31") })
        {
            foreach (var period in Periods(asOf))
            {
                var expected = Kpis.For(period, year.Assessments, year.Reviews, year.Register, asOf, year.Surveys, year.Visits);
                Assert.Equal(expected.ToJson(), summaries.For(period, year.Register, asOf, year.Visits).ToJson());
                Assert.Equal(
                    Kpis.For(period, year.Assessments, year.Reviews, year.Register, asOf, year.Surveys).ToJson(),
                    summaries.For(period, year.Register, asOf).ToJson());

                var trend = KpiTrend.Monthly(period.To, 12, year.Assessments, year.Reviews, asOf);
                Assert.Equal(trend.Select(t => t.ToJson()), summaries.Trend(period.To, 12, asOf).Select(t => t.ToJson()));
                checkedPeriods++;
            }

            foreach (var day in EveryDay(D("2024-01-01"), asOf))
            {
                Assert.Equal(KpiTrend.OverdueReviewsOn(day, year.Reviews, year.Register), summaries.OverdueReviewsOn(day, year.Register));
            }
        }

        var yearKpis = Kpis.For(ReportingPeriod.Parse("year:2025", Last), year.Assessments, year.Reviews, year.Register, Last, year.Surveys, year.Visits);
        Assert.True(checkedPeriods > 50 && yearKpis.NewPlansIssued > 20 && yearKpis.ReviewsOnTime.All.Total > 50
            && yearKpis.NewPlansWithValidException > 0 && yearKpis.AmendedPlansWithin12WeeksOfMeeting.Total > 0
            && yearKpis.FamilySurveys!.Period.Answered.Count > 0 && yearKpis.ReviewsDueCompleted!.Total > yearKpis.ReviewsDueCompleted.Count
            && summaries.Open.Count > 0,
            $"the generated year lacks a kind of record: the comparison would prove little ({checkedPeriods} periods, {yearKpis.NewPlansIssued} plans, {yearKpis.ReviewsOnTime.All.Total} reviews, {yearKpis.NewPlansWithValidException} excepted, {yearKpis.AmendedPlansWithin12WeeksOfMeeting.Total} amended, {yearKpis.FamilySurveys!.Period.Answered.Count} answered, {yearKpis.ReviewsDueCompleted}, {summaries.Open.Count} open)");
    }

    [Fact]
    public void A_month_the_caller_did_not_read_is_an_error_not_a_zero()
    {
        var year = Generated.Year(1);
        var summaries = KpiSummarySet.Of(D("2025-09-01"), D("2025-10-01"), year.Assessments, year.Reviews, year.Surveys);

        var error = Assert.Throws<InvalidOperationException>(() => summaries.For(ReportingPeriod.Parse("term:2025-autumn", Last), year.Register, Last));
        Assert.Contains("2025-11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_summary_counts_each_line_on_its_own_date_only()
    {
        var review = Generated.Review("P1", D("2025-10-20"), D("2025-11-03"), decision: ReviewDecisionKind.Amend, amendedOn: null);
        var october = KpiSummarySet.Summarise(D("2025-10-01"), [], [review], []);
        var november = KpiSummarySet.Summarise(D("2025-11-01"), [], [review], []);

        Assert.Equal(1, october.On(KpiSummaryLines.ReviewCycles, D("2025-10-20")));
        Assert.Equal(1, october.On(KpiSummaryLines.Meetings(TransferKind.None) + KpiSummaryLines.Late, D("2025-10-20")));
        Assert.Equal(0, november.On(KpiSummaryLines.ReviewCycles, D("2025-10-20")));
        // Overdue at the end of 21 October .. 2 November (met on the 3rd).
        Assert.Equal(0, october.On(KpiSummaryLines.OverdueEndedCycles, D("2025-10-20")));
        Assert.Equal(1, october.On(KpiSummaryLines.OverdueEndedCycles, D("2025-10-21")));
        Assert.Equal(1, november.On(KpiSummaryLines.OverdueEndedCycles, D("2025-11-02")));
        Assert.Equal(0, november.On(KpiSummaryLines.OverdueEndedCycles, D("2025-11-03")));
    }

    static IEnumerable<ReportingPeriod> Periods(DateOnly asOf)
    {
        for (var month = First; month <= asOf; month = month.AddMonths(1))
        {
            yield return ReportingPeriod.Month(month.Year, month.Month, asOf);
        }

        foreach (var start in new[] { 2024, 2025 })
        {
            var year = new AcademicYear(start);
            if (year.Start <= asOf)
            {
                yield return ReportingPeriod.YearToDate(year, asOf);
            }

            foreach (var term in Enum.GetValues<TermName>())
            {
                if (Term(year, term, asOf) is { } period)
                {
                    yield return period;
                }
            }
        }

        foreach (var (from, to) in new[] { ("2025-10-15", "2026-02-10"), ("2026-03-31", "2026-04-01"), ("2024-01-01", "2026-08-31"), ("2025-02-28", "2025-03-01"), ("2025-09-10", "2025-09-20") })
        {
            if (D(from) <= asOf)
            {
                yield return ReportingPeriod.Custom(D(from), D(to), asOf);
            }
        }
    }

    static ReportingPeriod? Term(AcademicYear year, TermName term, DateOnly asOf)
    {
        try
        {
            return ReportingPeriod.Term(year, term, asOf);
        }
        catch (PeriodException)
        {
            return null;
        }
    }

    /// <summary>Two years of outcomes drawn from a seeded generator, and a register consistent with them.</summary>
    static class Generated
    {
        public sealed record YearData(
            List<AssessmentOutcome> Assessments, List<ReviewOutcome> Reviews, List<FamilySurveyOutcome> Surveys, List<RegisterEntry> Register, List<MonitoringVisitEntry> Visits);

        public static YearData Year(int seed)
        {
            var random = new Random(seed);
            DateOnly Day(DateOnly from, int days) => from.AddDays(random.Next(days));
            DateOnly? Maybe(DateOnly? day, int percent) => random.Next(100) < percent ? day : null;
            var assessments = new List<AssessmentOutcome>();
            var reviews = new List<ReviewOutcome>();
            var surveys = new List<FamilySurveyOutcome>();
            var register = new List<RegisterEntry>();
            var visits = new List<MonitoringVisitEntry>();

            for (var i = 0; i < 250; i++)
            {
                var requested = Day(D("2024-01-01"), 900);
                var deadlines = StatutoryCalendar.Assessment(requested);
                var ended = requested.AddDays(80 + random.Next(120));
                var end = (AssessmentEnd)random.Next(3);
                var advice = Enumerable.Range(0, random.Next(4)).Select(_ =>
                {
                    var asked = requested.AddDays(random.Next(60));
                    var due = StatutoryCalendar.AdviceDue(asked);
                    var role = (ContactRole)random.Next(Enum.GetValues<ContactRole>().Length);
                    return new AdviceOutcome(role.ToString(), role, asked, due, Maybe(due.AddDays(random.Next(-20, 30)), 80), LimitStatus.Pending, null);
                }).ToList();
                var exceptions = Enumerable.Range(0, random.Next(3)).Select(_ =>
                {
                    var from = requested.AddDays(random.Next(-20, 150));
                    return new RecordedException((ExceptionReason)random.Next(4), from, from.AddDays(random.Next(-2, 60)), from);
                }).ToList();
                var finalPlan = end == AssessmentEnd.FinalPlanIssued && random.Next(10) > 0
                    ? LimitCheck.Evaluate("final plan", deadlines.FinalPlanDue, ended, ended)
                    : null;
                assessments.Add(new AssessmentOutcome($"A{i}", requested, ended, end, 0, LimitCheck.Evaluate("decision", deadlines.DecisionDue, requested.AddDays(30), ended),
                    null, finalPlan, exceptions, advice));
                if (random.Next(3) == 0)
                {
                    surveys.Add(new FamilySurveyOutcome($"A{i}", ended, Maybe(ended.AddDays(10), 60), random.Next(3) == 0 ? null : random.Next(2) == 0, random.Next(2) == 0));
                }
            }

            for (var plan = 0; plan < 120; plan++)
            {
                var id = $"P{plan:000}";
                var due = Day(D("2024-01-01"), 365);
                var ceased = random.Next(12) == 0;
                while (true)
                {
                    var kind = random.Next(10);
                    if (due > D("2026-09-30") || kind == 0)
                    {
                        // The register's current cycle: not recorded, or recorded open (no meeting or decision).
                        if (kind < 5)
                        {
                            reviews.Add(Review(id, due, meetingOn: null, decision: null, amendedOn: null));
                        }

                        register.Add(new RegisterEntry(id, "AB", YearGroup.Year(4), "School", SettingType.Mainstream, null, due, due.AddDays(-14),
                            TransferKind.None, "active", null, random.Next(8) == 0, ceased, random.Next(2) == 0 ? due.AddDays(-100) : null));
                        break;
                    }

                    var meeting = Maybe(due.AddDays(random.Next(-30, 90)), 85);
                    var decided = meeting?.AddDays(random.Next(0, 40)) ?? Maybe(due.AddDays(random.Next(0, 120)), 50);
                    var decision = decided is null ? (ReviewDecisionKind?)null : (ReviewDecisionKind)random.Next(3);
                    var amended = decision == ReviewDecisionKind.Amend && meeting is { } m ? Maybe(m.AddDays(random.Next(30, 120)), 70) : null;
                    reviews.Add(Review(id, due, meeting, decision, amended, decided, (TransferKind)random.Next(3)));
                    if (decision == ReviewDecisionKind.Amend && random.Next(4) == 0)
                    {
                        // The same cycle recorded twice (an open record kept under another key).
                        reviews.Add(Review(id, due, null, null, null));
                    }

                    if (random.Next(4) == 0)
                    {
                        surveys.Add(new FamilySurveyOutcome(id, decided ?? due, Maybe((decided ?? due).AddDays(5), 50), random.Next(2) == 0, random.Next(3) == 0 ? null : true));
                    }

                    due = due.AddYears(1);
                }

                if (random.Next(5) == 0)
                {
                    visits.Add(new MonitoringVisitEntry(id, "AB", "School", SettingType.Special, "cw@example.org", Maybe(Day(D("2025-01-01"), 500), 70), Day(D("2025-06-01"), 400)));
                }
            }

            return new YearData(assessments, reviews, surveys, register, visits);
        }

        public static ReviewOutcome Review(
            string planId, DateOnly due, DateOnly? meetingOn, ReviewDecisionKind? decision, DateOnly? amendedOn, DateOnly? decidedOn = null, TransferKind transfer = TransferKind.None)
        {
            decidedOn ??= decision is null ? null : meetingOn ?? due;
            var amended = decision == ReviewDecisionKind.Amend && meetingOn is { } m
                ? new LimitResult("amended plan", StatutoryCalendar.AmendedPlanLatest(m), amendedOn, LimitStatus.Pending)
                : null;
            return new ReviewOutcome(planId, 1, due, due.AddDays(-14), transfer, meetingOn, new LimitResult("review meeting", due, meetingOn, LimitStatus.Pending),
                decidedOn, decision, null, amended, []);
        }
    }
}
