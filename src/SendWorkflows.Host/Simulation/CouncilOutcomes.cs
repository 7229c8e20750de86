using System.Collections.Concurrent;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// The outcomes the shards recorded, as the council pass's monthly report reads them (ADR 0109): read-only, so each
/// month's KPI summary is made once, from every outcome, and every report that spans the month reuses it. A month's
/// summary counts only records whose date falls in it, so it is the one <see cref="ComputedKpiSummaries"/> makes from
/// the outcomes filed under the report's months (a superset is harmless, ADR 0105); the open cycles likewise.
/// </summary>
sealed class CouncilOutcomes : IOutcomeLog, IKpiSummaries
{
    readonly IReadOnlyList<RecordedOutcome> inOrder;
    readonly IReadOnlyList<AssessmentOutcome> assessments;
    readonly IReadOnlyList<ReviewOutcome> reviews;
    readonly IReadOnlyList<FamilySurveyOutcome> surveys;
    readonly IReadOnlyList<OpenReviewCycle> open;
    readonly ConcurrentDictionary<DateOnly, Lazy<KpiMonthSummary>> months = new();

    /// <param name="inOrder">
    /// Every outcome the shards recorded, by date then key, one per key (the keys are workflow instance ids, and a case's
    /// workflows all run in one shard, whose log keeps the last outcome under each).
    /// </param>
    public CouncilOutcomes(IReadOnlyList<RecordedOutcome> inOrder)
    {
        this.inOrder = inOrder;
        assessments = [.. inOrder.Select(o => o.Assessment).OfType<AssessmentOutcome>()];
        reviews = [.. inOrder.Select(o => o.Review).OfType<ReviewOutcome>()];
        surveys = [.. inOrder.Select(o => o.Survey).OfType<FamilySurveyOutcome>()];
        open = KpiSummarySet.OpenCycles(reviews);
    }

    public Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The council pass reads the outcomes the shards recorded; it does not record any.");

    /// <summary>Every outcome, by date then key (as the in-memory log gives them).</summary>
    public IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default) => inOrder.ToAsyncEnumerable();

    public Task<KpiSummarySet> ReadAsync(DateOnly firstMonth, DateOnly lastMonth, CancellationToken cancellationToken = default)
    {
        var read = new Dictionary<DateOnly, KpiMonthSummary>();
        for (var month = new DateOnly(firstMonth.Year, firstMonth.Month, 1); month <= lastMonth; month = month.AddMonths(1))
        {
            read[month] = months.GetOrAdd(month, m => new Lazy<KpiMonthSummary>(() => KpiSummarySet.Summarise(m, assessments, reviews, surveys))).Value;
        }

        return Task.FromResult(new KpiSummarySet(read, open));
    }
}
