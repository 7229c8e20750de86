using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.InMemory;

namespace SendWorkflows.Host.Tests.Dashboard;

/// <summary>
/// ADR 0103: the register's index in both stores answers every query as the query's own predicate and order over
/// every plan would, after plans move (new due date, caseworker, setting, status, ceased), are written twice, and are
/// written by many writers at once. On an Azurite of its own, so the summary counts this test's plans only.
/// </summary>
public sealed class RegisterIndexTests : IAsyncLifetime
{
    static readonly DateOnly Today = new(2026, 3, 2);
    Azurite azurite = null!;

    public async Task InitializeAsync() => azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    static RegisteredPlan Plan(int i, int version = 0)
    {
        var due = Today.AddDays(((i * 37) % 120) - 40 + (version * 90));
        var status = ((i + version) % 4) switch { 0 => "awaiting meeting", 1 => "meeting fixed", 2 => "escalated", _ => "review upcoming" };
        return new RegisteredPlan(
            new RegisterEntry($"EHC-{i:000}", i % 7 == 0 ? "AB" : $"C{i % 10}", YearGroup.Year(5), ((i + version) % 5) is 4 ? "School" : $"School {(char)('a' + ((i + version) % 5))}",
                (SettingType)((i + version) % 3), due.AddYears(-1), due, due.AddDays(-14), TransferKind.None, status, null, false,
                Ceased: version > 0 && i % 9 == 0),
            "senco@example.org", $"Caseworker{(i + version) % 4}@Example.org");
    }

    static IEnumerable<RegisterQuery> Queries() =>
    [
        new(Today, Take: 50),
        new(Today, Skip: 50, Take: 50),
        new(Today, Skip: 175, Take: 50),
        new(Today, OverdueOnly: true),
        new(Today, Caseworker: "caseworker2@example.org"),
        new(Today, Caseworker: "Caseworker1@Example.org", OverdueOnly: true, Take: 10),
        new(Today, Search: "ehc-01"),
        new(Today, Search: "ab"),
        new(Today, Setting: "School c", Sort: RegisterSort.Setting),
        new(Today, Type: SettingType.Special, Sort: RegisterSort.Plan, Descending: true),
        new(Today, Status: "ceased"),
        new(Today, Status: "escalated", Skip: 5, Take: 5),
        new(Today, Sort: RegisterSort.Plan, Take: 20),
        new(Today, Sort: RegisterSort.Setting, Skip: 100, Take: 20),
        new(Today, Sort: RegisterSort.Setting, Take: 20), // "School" before "School a": a name that is the start of another
        new(Today, Sort: RegisterSort.NextReviewDue, Descending: true, Take: 30),
    ];

    [Fact]
    public async Task Both_stores_answer_every_query_as_the_query_over_all_plans_would_after_moves_and_second_writes()
    {
        var table = new TablePlanRegister(azurite.CreateTableServiceClient());
        var memory = new InMemoryPlanRegister();
        var latest = new Dictionary<string, RegisteredPlan>();
        // 200 plans written by 16 writers at once, then 80 of them moved, each move written twice (an activity run again).
        await Parallel.ForEachAsync(Enumerable.Range(1, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) => await table.UpsertAsync(Plan(i), ct));
        await Parallel.ForEachAsync(Enumerable.Range(1, 80), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            await table.UpsertAsync(Plan(i, 1), ct);
            await table.UpsertAsync(Plan(i, 1), ct);
        });
        foreach (var i in Enumerable.Range(1, 200))
        {
            var plan = i <= 80 ? Plan(i, 1) : Plan(i);
            latest[plan.PlanId] = plan;
            await memory.UpsertAsync(Plan(i));
            await memory.UpsertAsync(plan);
        }

        foreach (var query in Queries())
        {
            var expected = query.Slice(query.Order(latest.Values));
            Assert.NotEqual(0, expected.Total);
            foreach (var (store, index) in new (string, IRegisterIndex)[] { ("table", table), ("memory", memory) })
            {
                var actual = await index.QueryAsync(query);
                Assert.True(expected.Total == actual.Total, $"{store}: {query} matched {actual.Total}, not {expected.Total}");
                Assert.Equal(expected.Plans.Select(p => (p.PlanId, p.Entry.NextReviewDue, p.Entry.Status)), actual.Plans.Select(p => (p.PlanId, p.Entry.NextReviewDue, p.Entry.Status)));
                var (withSummary, pageSummary) = await index.QueryWithSummaryAsync(query); // a page's one read of the summary
                Assert.Equal(actual.Total, withSummary.Total);
                Assert.Equal(actual.Plans.Select(p => p.PlanId), withSummary.Plans.Select(p => p.PlanId));
                Assert.Equal(200, pageSummary.Plans);
            }
        }

        var summary = RegisterSummary.Of(latest.Values);
        foreach (var actual in new[] { await table.SummaryAsync(), await memory.SummaryAsync() })
        {
            Assert.Equal(200, actual.Plans);
            Assert.Equal(summary.Caseworkers.OrderBy(c => c.Key), actual.Caseworkers.OrderBy(c => c.Key));
            Assert.Equal(summary.Settings.OrderBy(c => c.Key), actual.Settings.OrderBy(c => c.Key));
            Assert.Equal(summary.Statuses.OrderBy(c => c.Key), actual.Statuses.OrderBy(c => c.Key));
        }

        Assert.Contains("ceased", summary.Statuses.Keys);
    }

    [Fact]
    public async Task A_case_s_outcomes_are_read_from_its_own_partition()
    {
        var log = new TableOutcomeLog(azurite.CreateTableServiceClient());
        var limit = new LimitResult("meeting", new DateOnly(2026, 6, 1), null, LimitStatus.Pending);
        ReviewOutcome Review(string plan, int day) => new(plan, 1, new DateOnly(2026, 1, day), new DateOnly(2026, 1, day), TransferKind.None, null, limit, null, null, null, null, []);
        await log.RecordAsync(new RecordedOutcome("review:EHC-1:2026", Review: Review("EHC-1", 5)));
        await log.RecordAsync(new RecordedOutcome("review:EHC-2:2026", Review: Review("EHC-2", 6)));
        await log.RecordAsync(new RecordedOutcome("review:EHC-1:2026", Review: Review("EHC-1", 7)));

        var ours = await log.ForCaseAsync("EHC-1").ToListAsync();

        Assert.Equal(new DateOnly(2026, 1, 7), Assert.Single(ours).Review!.DueOn);
        Assert.Equal(2, (await log.AllAsync().ToListAsync()).Count);
    }
}
