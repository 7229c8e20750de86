using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Host.Simulation;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.InMemory;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// ADR 0109: the council pass's monthly report reads KPI summaries made once per month from every outcome of the year;
/// they must be the summaries the in-memory log computes per report from the outcomes filed under its months.
/// </summary>
public sealed class CouncilOutcomesTests : IDisposable
{
    static readonly DateOnly From = new(2025, 9, 1);
    static readonly DateOnly To = new(2026, 8, 31);

    readonly string directory = Directory.CreateTempSubdirectory("council-outcomes-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Each_monthly_reports_summaries_equal_those_computed_from_the_outcome_log()
    {
        var outcomes = await YearOfOutcomesAsync();
        var log = new InMemoryOutcomeLog();
        foreach (var outcome in outcomes)
        {
            await log.RecordAsync(outcome);
        }

        var council = new CouncilOutcomes(outcomes);
        var counted = 0;
        for (var month = From; month <= To; month = month.AddMonths(1))
        {
            var first = MonthlyKpis.FirstMonthRead(month);
            var expected = await new ComputedKpiSummaries(log).ReadAsync(first, month);
            var actual = await council.ReadAsync(first, month);

            Assert.Equal(expected.Months.Keys, actual.Months.Keys);
            foreach (var (key, summary) in expected.Months)
            {
                Assert.Equal(Lines(summary), Lines(actual.Months[key]));
                counted += summary.Days.Values.Sum(days => days.Sum());
            }

            Assert.Equal(expected.Open, actual.Open);
        }

        Assert.True(counted > 1000, $"the year's summaries hold only {counted} counts: too few outcomes to compare");
        Assert.Equal(log.All(), await council.AllAsync().ToListAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => council.RecordAsync(outcomes[0]));
    }

    static IEnumerable<string> Lines(KpiMonthSummary summary) =>
        summary.Days.OrderBy(line => line.Key, StringComparer.Ordinal).Select(line => $"{line.Key}: {string.Join(',', line.Value)}");

    /// <summary>The outcomes of a generated year (120 plans, 30 requests) run by the simulator.</summary>
    async Task<IReadOnlyList<RecordedOutcome>> YearOfOutcomesAsync()
    {
        var year = new CaseloadGenerator(3).Generate(2025, planCount: 120, requestCount: 30);
        using (var caseload = File.CreateText(Path.Combine(directory, "caseload.csv")))
        {
            CaseloadCsvWriter.Write(year.Plans, caseload);
        }

        using (var events = File.CreateText(Path.Combine(directory, "events.jsonl")))
        {
            CaseEventWriter.WriteLines(year.Events, events);
        }

        File.WriteAllText(Path.Combine(directory, "contacts.json"), ContactsDirectoryWriter.ToJson(year.Contacts));
        var result = await new Simulator(new SimulationOptions(
            Path.Combine(directory, "caseload.csv"), Path.Combine(directory, "contacts.json"), Path.Combine(directory, "events.jsonl"),
            From, To, Path.Combine(directory, "out"))).RunAsync();
        return result.Outcomes;
    }
}
