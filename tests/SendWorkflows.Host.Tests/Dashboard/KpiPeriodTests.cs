using System.Text.Json;
using SendWorkflows.Domain;
using SendWorkflows.Host.Simulation;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Dashboard;

/// <summary>
/// For a generated council year (the golden 300-plan year: CaseloadGenerator seed 1, 2025/26), simulate writes the
/// KPIs of a month, a term and the academic year (--kpis-for); the host, given the year's outcomes and register and
/// set to the run's last day, must show the same figures on the dashboard and give the same JSON on /api/kpis.
/// </summary>
public sealed class KpiPeriodTests(GeneratedYear year) : IClassFixture<GeneratedYear>
{
    static readonly DateOnly LastDay = GeneratedYear.LastDay;
    readonly string output = year.Output;
    readonly TestHost host = year.Host;

    [Fact]
    public async Task The_api_gives_the_bytes_simulate_wrote_for_a_month_a_term_and_the_year()
    {
        var api = host.Client(TestHost.ApiKey);
        foreach (var (spec, query) in new[]
        {
            ("month:2025-11", "?period=month&month=2025-11"),
            ("term:2025-spring", "?period=term&term=2025-spring"),
            ("year:2025", "?period=year&year=2025"),
            ("year:2025", "?period=year%3A2025"),
        })
        {
            var expected = await File.ReadAllTextAsync(Path.Combine(output, ReportingPeriod.Parse(spec, LastDay).FileName));
            var actual = await api.GetStringAsync("/api/kpis" + query);
            Assert.Equal(expected, actual);
        }

        var month = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "kpis-month-2025-11.json"))).RootElement;
        Assert.Equal("2025-11-01", month.GetProperty("from").GetString());
        Assert.Equal("2025-11-30", month.GetProperty("to").GetString());
        Assert.True(JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "kpis-year-2025.json"))).RootElement.GetProperty("newPlansIssued").GetInt32() > 0,
            "the generated year issued no new plan: the comparison would prove nothing");
    }

    [Fact]
    public async Task The_year_to_date_on_the_run_s_last_day_is_simulate_s_own_kpis_json()
    {
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(output, "kpis.json")),
            await File.ReadAllTextAsync(Path.Combine(output, "kpis-year-2025.json")));
    }

    [Fact]
    public async Task The_dashboard_shows_the_figures_simulate_wrote_for_each_period()
    {
        var staff = await Forms.SignedInAsync(host);
        foreach (var (spec, query) in new[] { ("month:2025-11", "?period=month&month=2025-11"), ("term:2025-spring", "?period=term&term=2025-spring"), ("year:2025", "") })
        {
            var kpis = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, ReportingPeriod.Parse(spec, LastDay).FileName))).RootElement;
            var page = await staff.GetStringAsync("/dashboard" + query);

            Assert.Contains($"""id="kpi-new-plans">{Tile(kpis.GetProperty("newPlansWithin20WeeksIncludingExceptions"))}""", page, StringComparison.Ordinal);
            Assert.Contains($"""id="kpi-new-plans-excluding">{Tile(kpis.GetProperty("newPlansWithin20WeeksExcludingExceptions"))}""", page, StringComparison.Ordinal);
            Assert.Contains($"""id="kpi-reviews">{Tile(kpis.GetProperty("reviewsOnTime").GetProperty("all"))}""", page, StringComparison.Ordinal);
            Assert.Contains($"""id="kpi-amended">{Tile(kpis.GetProperty("amendedPlansWithin12WeeksOfMeeting"))}""", page, StringComparison.Ordinal);
            Assert.Contains($"""id="kpi-backlog">{kpis.GetProperty("overdueReviews").GetProperty("count").GetInt32()}</span>""", page, StringComparison.Ordinal);
            Assert.Contains($"({kpis.GetProperty("newPlansIssued").GetInt32()} issued;", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_period_that_cannot_be_reported_is_refused_by_the_api_and_explained_on_the_page()
    {
        var api = host.Client(TestHost.ApiKey);
        var refused = await api.GetAsync("/api/kpis?period=month&month=2027-01");
        var page = await (await Forms.SignedInAsync(host)).GetStringAsync("/dashboard?period=custom&from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("starts after 2026-08-31", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("There is a problem", page, StringComparison.Ordinal);
        Assert.Contains("Enter the start of the period as a real date", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// ADR 0104: the dashboard reads only the outcomes filed under a period's months and the plans due by today or
    /// waiting; for every month of the year, its terms, the year and ranges that cut months, those give the figures of
    /// the whole log and register, and the charts (20-week trend, backlog at each month end) those of the whole too.
    /// </summary>
    [Fact]
    public async Task The_figures_from_the_month_index_equal_those_over_every_outcome_and_plan_for_any_period()
    {
        var queries = host.Get<SendWorkflows.Web.Dashboard.DashboardQueries>();
        var all = await host.Get<IOutcomeLog>().AllAsync().ToListAsync();
        var assessments = all.Select(o => o.Assessment).OfType<AssessmentOutcome>().ToList();
        var reviews = all.Select(o => o.Review).OfType<ReviewOutcome>().ToList();
        var surveys = all.Select(o => o.Survey).OfType<FamilySurveyOutcome>().ToList();
        var plans = host.Register.Plans.Values.Select(p => p.Entry).ToList();
        var visits = await host.Get<IMonitoringVisitRegister>().AllAsync().ToListAsync();
        var periods = Enumerable.Range(0, 12).Select(m => ReportingPeriod.Month(2025 + (8 + m) / 12, (8 + m) % 12 + 1, LastDay))
            .Concat(new[] { "term:2025-autumn", "term:2025-spring", "term:2025-summer", "year:2025", "custom:2025-10-15..2026-02-10", "custom:2026-03-31..2026-04-01", "custom:2024-01-01..2026-08-31" }
                .Select(spec => ReportingPeriod.Parse(spec, LastDay)));
        var fewest = int.MaxValue;
        foreach (var period in periods)
        {
            var whole = Kpis.For(period, assessments, reviews, plans, LastDay, surveys, visits);
            Assert.Equal(whole.ToJson(), (await queries.KpisAsync(period)).ToJson());
            fewest = Math.Min(fewest, all.Count(o => OutcomeMonths.IsFiledUnder(o, OutcomeMonths.ForPeriod(period.From, period.To))));

            var view = await queries.KpiViewAsync(period);
            var trend = KpiTrend.Monthly(period.To, 12, assessments, reviews, LastDay);
            Assert.Equal(whole.ToJson(), view.Report.ToJson());
            Assert.Equal(trend.Select(t => (t.NewPlansWithin20WeeksIncludingExceptions, t.NewPlansWithin20WeeksExcludingExceptions)),
                view.Trend.Select(t => (t.NewPlansWithin20WeeksIncludingExceptions, t.NewPlansWithin20WeeksExcludingExceptions)));
            Assert.Equal(trend.Select(t => (t.To, KpiTrend.OverdueReviewsOn(t.To, reviews, plans))), view.Backlog);
        }

        Assert.True(assessments.Count > 0 && reviews.Count > 0 && plans.Any(p => !p.Ceased && p.NextReviewDue < LastDay), "the year has no outcome or no backlog: the comparison would prove little");
        Assert.True(fewest < all.Count / 4, $"every period read at least {fewest} of the {all.Count} outcomes: the month index selects too little");
    }

    /// <summary>A tile as the page writes it: "75%" with its count, or "n/a" when nothing fell due.</summary>
    static string Tile(JsonElement rate) => rate.GetProperty("percent").ValueKind == JsonValueKind.Null
        ? "n/a<span class=\"app-tile__count\"> none due</span>"
        : $"{rate.GetProperty("percent").GetDouble().ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}%<span class=\"app-tile__count\"> {rate.GetProperty("count").GetInt32()} of {rate.GetProperty("total").GetInt32()}</span>";
}

/// <summary>The golden year simulated once, with its outcomes and register loaded into a host set to the run's last day.</summary>
public sealed class GeneratedYear : IAsyncLifetime
{
    public static readonly string[] Periods = ["month:2025-11", "term:2025-spring", "year:2025"];
    public static readonly DateOnly LastDay = new(2026, 8, 31);

    public string Output { get; } = Directory.CreateTempSubdirectory("kpi-periods-").FullName;

    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var output = Output;
        var golden = Path.Combine(AppContext.BaseDirectory, "Simulation", "Golden");
        var options = new SimulationOptions(
            Path.Combine(golden, "caseload.csv"), Path.Combine(golden, "contacts.json"), Path.Combine(golden, "events.jsonl"),
            new DateOnly(2025, 9, 1), LastDay, output);
        var result = await new Simulator(options).RunAsync();
        await SimulationOutput.WriteAsync(result, output);
        await SimulationOutput.WritePeriodKpisAsync(result, Periods.Select(p => ReportingPeriod.Parse(p, LastDay)), output);

        var host = Host = await TestHost.StartAsync();
        var outcomes = host.Get<IOutcomeLog>();
        foreach (var outcome in result.Outcomes)
        {
            await outcomes.RecordAsync(outcome);
        }

        foreach (var entry in result.Register!)
        {
            await host.Register.UpsertAsync(new RegisteredPlan(entry, "setting@example.org", "caseworker@example.org"));
        }

        var visits = host.Get<IMonitoringVisitRegister>();
        foreach (var visit in result.MonitoringVisits)
        {
            await visits.UpsertAsync(visit);
        }

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 8, 31, 12, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(Output, recursive: true);
    }
}
