using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tests.Tables;

/// <summary>
/// The outcome log's KPI summaries in Azure Table Storage (ADR 0105), against Azurite: read from the summary table they
/// give the figures of <see cref="Kpis.For"/> over every outcome, follow each later write (a month filed into is
/// recomputed), stay right with concurrent writers and readers, and are rebuilt from the filed copies after an upgrade.
/// Summaries are per month for the whole log, so each test uses months no other test writes (its own years).
/// </summary>
[Collection(LocalServicesCollection.Name)]
public sealed class KpiSummaryTableTests(AzuriteFixture azurite)
{
    static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Summaries_give_the_figures_of_every_outcome_and_follow_each_write()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var log = new TableOutcomeLog(service);
        var outcomes = Year(2061, "a");
        foreach (var outcome in outcomes)
        {
            await log.RecordAsync(outcome);
        }

        var asOf = D("2062-08-31");
        await AssertSameFiguresAsync(log, outcomes, asOf);
        var rows = await SummaryRowsAsync(service);

        // An open cycle closed (its meeting held late), a new plan issued: only their months are recomputed.
        var open = outcomes.First(o => o.Review is { MeetingOn: null });
        var closed = open with { Review = open.Review! with { MeetingOn = open.Review.DueOn.AddDays(40), DecisionOn = open.Review.DueOn.AddDays(45), Decision = ReviewDecisionKind.Maintain } };
        var issued = Assessment("2061-b-late", D("2061-10-01"), D("2062-04-20"));
        await log.RecordAsync(closed);
        await log.RecordAsync(issued);
        var changed = outcomes.Select(o => o.Key == closed.Key ? closed : o).Append(issued).ToList();
        await AssertSameFiguresAsync(log, changed, asOf);

        var after = await SummaryRowsAsync(service);
        var recomputed = after.Where(r => rows.TryGetValue(r.Key, out var stamp) && stamp != r.Value).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("2062-04", recomputed);
        Assert.Contains("open", recomputed);
        Assert.DoesNotContain("2061-09", recomputed);
        Assert.True(recomputed.Count < 8, $"a write recomputed {recomputed.Count} summaries: {string.Join(", ", recomputed)}");
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_leave_summaries_that_equal_the_log()
    {
        var log = new TableOutcomeLog(new TableServiceClient(azurite.ConnectionString));
        var outcomes = Year(2063, "c");
        var asOf = D("2064-08-31");
        var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            foreach (var outcome in outcomes.Where((_, i) => i % 16 == w))
            {
                await log.RecordAsync(outcome);
                await log.RecordAsync(outcome);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await log.ReadAsync(D("2063-09-01"), D("2064-08-31"));
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        await AssertSameFiguresAsync(log, outcomes, asOf);
    }

    [Fact]
    public async Task After_an_upgrade_summaries_are_made_from_the_filed_copies_and_the_refresh_keeps_them()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var log = new TableOutcomeLog(service);
        var outcomes = Year(2065, "u");
        foreach (var outcome in outcomes)
        {
            await log.RecordAsync(outcome);
        }

        // As stored before summaries existed: copies filed by month, no stamp and no summary.
        var summaries = service.GetTableClient(TableOutcomeLog.SummaryTableName);
        await foreach (var row in summaries.QueryAsync<TableEntity>(e => (e.RowKey.CompareTo("2065-01") >= 0 && e.RowKey.CompareTo("2066-12") <= 0) || e.RowKey == "open"))
        {
            await summaries.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var today = D("2066-08-31");
        Assert.True(await log.RefreshKpiSummariesAsync(today) >= 12, "the refresh must make the year's summaries");
        Assert.Equal(0, await log.RefreshKpiSummariesAsync(today));
        await AssertSameFiguresAsync(log, outcomes, today);

        await log.RecordAsync(Assessment("2065-u-new", D("2066-01-05"), D("2066-05-20")));
        // Recomputed: the month it was issued in and the month its advice was due in, nothing else.
        Assert.Equal(2, await log.RefreshKpiSummariesAsync(today));
    }

    static async Task AssertSameFiguresAsync(TableOutcomeLog log, List<RecordedOutcome> outcomes, DateOnly asOf)
    {
        var assessments = outcomes.Select(o => o.Assessment).OfType<AssessmentOutcome>().ToList();
        var reviews = outcomes.Select(o => o.Review).OfType<ReviewOutcome>().ToList();
        var surveys = outcomes.Select(o => o.Survey).OfType<FamilySurveyOutcome>().ToList();
        var start = new AcademicYear(asOf.Year - 1);
        var read = await log.ReadAsync(start.Start, asOf);
        foreach (var period in new[]
        {
            ReportingPeriod.YearToDate(start, asOf),
            ReportingPeriod.Custom(new DateOnly(start.StartYear + 1, 1, 1), new DateOnly(start.StartYear + 1, 4, 15), asOf),
            ReportingPeriod.Month(start.StartYear, 11, asOf),
            ReportingPeriod.Custom(start.Start.AddDays(40), start.Start.AddDays(200), asOf),
        })
        {
            Assert.Equal(Kpis.For(period, assessments, reviews, [], asOf, surveys).ToJson(), read.For(period, [], asOf).ToJson());
        }

        // The backlog counts the cycles left open in every year, other tests' too: the whole log's reviews.
        var everyReview = new List<ReviewOutcome>();
        await foreach (var outcome in log.AllAsync())
        {
            if (outcome.Review is { } review)
            {
                everyReview.Add(review);
            }
        }

        Assert.Equal(
            KpiTrend.Monthly(asOf, 12, assessments, reviews, asOf).Select(t => (t.To, t.ToJson(), KpiTrend.OverdueReviewsOn(t.To, everyReview, []))),
            read.Trend(asOf, 12, asOf).Select(t => (t.To, t.ToJson(), read.OverdueReviewsOn(t.To, []))));
        Assert.True(Kpis.For(ReportingPeriod.YearToDate(start, asOf), assessments, reviews, [], asOf, surveys) is { NewPlansIssued: > 3, ReviewsOnTime.All.Total: > 3 },
            "the year has too few outcomes for the comparison to prove much");
    }

    /// <summary>The stamp each summary row of the table was computed under, by key.</summary>
    static async Task<Dictionary<string, string>> SummaryRowsAsync(TableServiceClient service)
    {
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in service.GetTableClient(TableOutcomeLog.SummaryTableName).QueryAsync<TableEntity>(e => e.PartitionKey == "summary"))
        {
            rows[row.RowKey] = row.GetString("Stamp") ?? "";
        }

        return rows;
    }

    /// <summary>An academic year from 1 September <paramref name="startYear"/>: new plans, advice, reviews (open, on time, late, amended), surveys.</summary>
    static List<RecordedOutcome> Year(int startYear, string run)
    {
        var start = new DateOnly(startYear, 9, 1);
        var outcomes = new List<RecordedOutcome>();
        for (var i = 0; i < 24; i++)
        {
            var requested = start.AddDays(-100 + 13 * i);
            var issued = requested.AddDays(i % 3 == 0 ? 150 : 120);
            outcomes.Add(Assessment($"{startYear}-{run}-a{i}", requested, issued, i % 4 == 0 ? null : requested.AddDays(i % 5 == 0 ? 60 : 35)));
            var due = start.AddDays(11 * i);
            DateOnly? meeting = i % 5 == 4 ? null : due.AddDays(i % 3 == 1 ? 20 : -5);
            outcomes.Add(Review($"{startYear}-{run}-r{i}", due, meeting, amend: i % 4 == 1, amendedOn: meeting?.AddDays(i % 8 == 1 ? 100 : 50)));
            if (i % 3 == 2)
            {
                outcomes.Add(new RecordedOutcome($"survey:{startYear}-{run}-s{i}", Survey: new FamilySurveyOutcome($"{startYear}-{run}-s{i}", due, i % 2 == 0 ? due.AddDays(6) : null, true, i % 4 == 0)));
            }
        }

        return outcomes;
    }

    static RecordedOutcome Assessment(string id, DateOnly requested, DateOnly issued, DateOnly? adviceReceived = null)
    {
        var due = StatutoryCalendar.Assessment(requested);
        var advice = new AdviceOutcome("ep", ContactRole.EducationalPsychology, requested.AddDays(7), requested.AddDays(7 + 42), adviceReceived, LimitStatus.Pending, null);
        return new RecordedOutcome($"assessment:{id}", new AssessmentOutcome(
            id, requested, issued, AssessmentEnd.FinalPlanIssued, (issued.DayNumber - requested.DayNumber) / 7.0,
            LimitCheck.Evaluate("decision", due.DecisionDue, requested.AddDays(30), issued), null,
            LimitCheck.Evaluate("final plan", due.FinalPlanDue, issued, issued), [], [advice]));
    }

    static RecordedOutcome Review(string id, DateOnly due, DateOnly? meeting, bool amend, DateOnly? amendedOn)
    {
        return new RecordedOutcome($"review:{id}", Review: new ReviewOutcome(
            id, 1, due, due, TransferKind.None, meeting, LimitCheck.Evaluate("review meeting", due, meeting, meeting ?? due),
            meeting?.AddDays(7), meeting is null ? null : amend ? ReviewDecisionKind.Amend : ReviewDecisionKind.Maintain, null,
            amend && meeting is { } m ? new LimitResult("amended plan", StatutoryCalendar.AmendedPlanLatest(m), amendedOn, LimitStatus.Pending) : null,
            []), Open: meeting is null);
    }
}
