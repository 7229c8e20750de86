using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tests.Tables;

/// <summary>
/// The outcome log's month index in Azure Table Storage (ADR 0104), against Azurite: a period reads only its months and
/// gets the figures of the whole log; a repeated record leaves one copy per month; a record that replaces another
/// leaves the months it no longer belongs to; outcomes from before the index are filed once by the backfill.
/// Other tests share the tables, so each test reads back only its own (unique) case ids.
/// </summary>
[Collection(LocalServicesCollection.Name)]
public sealed class OutcomeMonthIndexTableTests(AzuriteFixture azurite)
{
    static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_period_spanning_months_reads_only_its_months_and_gives_the_figures_of_the_whole_log()
    {
        var log = new TableOutcomeLog(new TableServiceClient(azurite.ConnectionString));
        var run = Guid.NewGuid().ToString("N");
        var outcomes = new[]
        {
            // Issued in October 2041 within 20 weeks; its EP advice was due (and late) in July.
            Assessment(run, "A1", "2041-06-03", "2041-10-14", new AdviceOutcome("ep", ContactRole.EducationalPsychology, D("2041-06-10"), D("2041-07-22"), D("2041-08-01"), LimitStatus.Missed, null)),
            // Issued in December 2041, late.
            Assessment(run, "A2", "2041-05-06", "2041-12-01"),
            // Issued in March 2042: outside the autumn term.
            Assessment(run, "A3", "2041-11-03", "2042-03-10"),
            // Reviews due in November (meeting late) and September (on time, amended plan within 12 weeks of the meeting in December).
            Review(run, "R1", "2041-11-10", "2041-12-20"),
            Review(run, "R2", "2041-09-15", "2041-09-10", amend: true, amendedOn: "2041-11-20"),
            // Due in 2040: in no month of the term.
            Review(run, "R3", "2040-05-01", "2040-05-01"),
            new RecordedOutcome($"survey:{run}:S1", Survey: new FamilySurveyOutcome(Id(run, "S1"), D("2041-10-02"), D("2041-10-09"), true, false)),
        };
        foreach (var outcome in outcomes)
        {
            await log.RecordAsync(outcome);
        }

        var asOf = D("2042-06-30");
        foreach (var (from, to) in new[] { (D("2041-09-01"), D("2041-12-19")), (D("2041-11-01"), D("2041-11-30")), (D("2041-10-15"), D("2042-03-09")) })
        {
            var filed = Mine(await ToListAsync(log.FiledUnderAsync(OutcomeMonths.ForPeriod(from, to))), run);
            var period = ReportingPeriod.Custom(from, to, asOf);
            Assert.Equal(Report(period, outcomes, asOf).ToJson(), Report(period, filed, asOf).ToJson());
        }

        var term = Mine(await ToListAsync(log.FiledUnderAsync(OutcomeMonths.ForPeriod(D("2041-09-01"), D("2041-12-19")))), run);
        Assert.Equal(["A1", "A2", "R1", "R2", "S1"], term.Select(o => o.CaseId[(run.Length + 1)..]).Order(StringComparer.Ordinal));
        Assert.True(Report(ReportingPeriod.Custom(D("2041-09-01"), D("2041-12-19"), asOf), term, asOf).NewPlansIssued == 2, "the term's two new plans must be counted, or the comparison proves little");
    }

    [Fact]
    public async Task A_repeated_record_keeps_one_copy_a_month_and_a_replacing_record_leaves_the_months_it_no_longer_belongs_to()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var log = new TableOutcomeLog(service);
        var run = Guid.NewGuid().ToString("N");
        // A cycle recorded open at its target without a meeting: overdue from then on.
        var open = new RecordedOutcome($"review:{run}", Review: Review(run, "R", "2043-03-01", null).Review, Open: true);
        await log.RecordAsync(open);
        await log.RecordAsync(open);
        Assert.Equal(["o:open", "r:2043-03"], await ShelvesOfAsync(service, open.Key));

        // Its final outcome: the meeting on 10 May. Overdue at some day of March, April and May only.
        var held = new RecordedOutcome(open.Key, Review: Review(run, "R", "2043-03-01", "2043-05-10").Review);
        await log.RecordAsync(held);
        await log.RecordAsync(held);
        Assert.Equal(["o:2043-03", "o:2043-04", "o:2043-05", "r:2043-03"], await ShelvesOfAsync(service, open.Key));
        var backlog = Mine(await ToListAsync(log.FiledUnderAsync(OutcomeMonths.ForCharts(D("2043-01-01"), D("2043-12-31")))), run);
        Assert.Equal(held.Review!.MeetingOn, Assert.Single(backlog).Review!.MeetingOn);
        Assert.Equal(1, KpiTrend.OverdueReviewsOn(D("2043-04-30"), [.. backlog.Select(o => o.Review!)], []));
        Assert.Equal(0, KpiTrend.OverdueReviewsOn(D("2043-05-31"), [.. backlog.Select(o => o.Review!)], []));
    }

    [Fact]
    public async Task Outcomes_recorded_before_the_index_are_filed_once_by_the_backfill()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var log = new TableOutcomeLog(service);
        var run = Guid.NewGuid().ToString("N");
        var outcome = Assessment(run, "A", "2044-01-05", "2044-05-20");
        await log.RecordAsync(outcome);
        // Make it a row from before the index: no Shelves column, no copy.
        var table = service.GetTableClient(TableOutcomeLog.TableName);
        var row = (await table.GetEntityAsync<TableEntity>("outcome", TableKeys.Escape(outcome.Key))).Value;
        row.Remove("Shelves");
        await table.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace);
        var byMonth = service.GetTableClient(TableOutcomeLog.ByMonthTableName);
        await byMonth.DeleteEntityAsync("a:2044-05", TableKeys.Escape(outcome.Key));
        await byMonth.DeleteEntityAsync("meta", "month-index-backfill");
        Assert.Empty(Mine(await ToListAsync(log.FiledUnderAsync(OutcomeMonths.ForPeriod(D("2044-05-01"), D("2044-05-31")))), run));

        Assert.True(await log.BackfillMonthIndexAsync() >= 1);
        Assert.Equal(outcome.Key, Assert.Single(Mine(await ToListAsync(log.FiledUnderAsync(OutcomeMonths.ForPeriod(D("2044-05-01"), D("2044-05-31")))), run)).Key);
        Assert.Equal(0, await log.BackfillMonthIndexAsync());
    }

    static KpiReport Report(ReportingPeriod period, IEnumerable<RecordedOutcome> outcomes, DateOnly asOf)
    {
        var list = outcomes.ToList();
        return Kpis.For(period, list.Select(o => o.Assessment).OfType<AssessmentOutcome>(), list.Select(o => o.Review).OfType<ReviewOutcome>(), [], asOf,
            list.Select(o => o.Survey).OfType<FamilySurveyOutcome>());
    }

    static string Id(string run, string name) => $"{run}-{name}";

    /// <summary>This test's outcomes, one per key, as the dashboard keeps them.</summary>
    static List<RecordedOutcome> Mine(IEnumerable<RecordedOutcome> read, string run) =>
        [.. read.Where(o => o.CaseId.StartsWith(run, StringComparison.Ordinal)).DistinctBy(o => o.Key)];

    static async Task<string[]> ShelvesOfAsync(TableServiceClient service, string key)
    {
        var shelves = new List<string>();
        await foreach (var entity in service.GetTableClient(TableOutcomeLog.ByMonthTableName).QueryAsync<TableEntity>(e => e.RowKey == TableKeys.Escape(key)))
        {
            shelves.Add(entity.PartitionKey);
        }

        return [.. shelves.Order(StringComparer.Ordinal)];
    }

    static RecordedOutcome Assessment(string run, string name, string requested, string issued, params AdviceOutcome[] advice)
    {
        var due = StatutoryCalendar.Assessment(D(requested));
        return new RecordedOutcome($"assessment:{run}:{name}", new AssessmentOutcome(
            Id(run, name), D(requested), D(issued), AssessmentEnd.FinalPlanIssued, (D(issued).DayNumber - D(requested).DayNumber) / 7.0,
            LimitCheck.Evaluate("decision", due.DecisionDue, D(requested).AddDays(30), D(issued)), null,
            LimitCheck.Evaluate("final plan", due.FinalPlanDue, D(issued), D(issued)), [], advice));
    }

    static RecordedOutcome Review(string run, string name, string due, string? meetingOn, bool amend = false, string? amendedOn = null)
    {
        DateOnly? meeting = meetingOn is null ? null : D(meetingOn);
        return new RecordedOutcome($"review:{run}:{name}", Review: new ReviewOutcome(
            Id(run, name), 1, D(due), D(due), TransferKind.None, meeting, LimitCheck.Evaluate("review meeting", D(due), meeting, meeting ?? D(due)),
            meeting?.AddDays(7), meeting is null ? null : amend ? ReviewDecisionKind.Amend : ReviewDecisionKind.Maintain, null,
            amend && meeting is { } m ? new LimitResult("amended plan", StatutoryCalendar.AmendedPlanLatest(m), amendedOn is null ? null : D(amendedOn), LimitStatus.Pending) : null,
            []));
    }

    static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
