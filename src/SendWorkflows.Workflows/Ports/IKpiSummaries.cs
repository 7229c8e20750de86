using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;

/// <summary>
/// The outcome log's KPI summaries (ADR 0105): per month, per day, the counts <see cref="KpiSummarySet"/> turns into
/// the KPIs of any period, plus the review cycles recorded open. A Table store keeps them in a small table, recomputed
/// from a month's filed copies when an outcome filed under that month changed since.
/// </summary>
public interface IKpiSummaries
{
    /// <summary>The summaries of every month from <paramref name="firstMonth"/> to <paramref name="lastMonth"/> (any day in them) and the open cycles.</summary>
    Task<KpiSummarySet> ReadAsync(DateOnly firstMonth, DateOnly lastMonth, CancellationToken cancellationToken = default);
}

/// <summary>
/// Summaries computed per request from the outcomes filed under the months (<see cref="IOutcomesByMonth"/>), or a scan
/// of the log when it keeps no index: the in-memory stores of simulate and the tests, and any log without a summary table.
/// </summary>
public sealed class ComputedKpiSummaries(IOutcomeLog outcomes) : IKpiSummaries
{
    /// <summary>The summaries of <paramref name="log"/>: its own when it keeps them, computed otherwise.</summary>
    public static IKpiSummaries Of(IOutcomeLog log) => log as IKpiSummaries ?? new ComputedKpiSummaries(log);

    public async Task<KpiSummarySet> ReadAsync(DateOnly firstMonth, DateOnly lastMonth, CancellationToken cancellationToken = default)
    {
        var ranges = OutcomeMonths.ForSummaries(firstMonth, lastMonth);
        var read = outcomes is IOutcomesByMonth byMonth
            ? byMonth.FiledUnderAsync(ranges, cancellationToken)
            : outcomes.AllAsync(cancellationToken).Where(o => OutcomeMonths.IsFiledUnder(o, ranges));
        var byKey = new Dictionary<string, RecordedOutcome>(StringComparer.Ordinal);
        await foreach (var outcome in read)
        {
            byKey.TryAdd(outcome.Key, outcome);
        }

        return OutcomeMonths.Summaries(firstMonth, lastMonth, byKey.Values);
    }
}
