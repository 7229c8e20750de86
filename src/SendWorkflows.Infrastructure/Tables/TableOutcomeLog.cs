using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// <see cref="IOutcomeLog"/> in the <c>outcomes</c> table, one row per outcome key (a later record replaces), with a
/// copy per case (<c>outcomesbycase</c>, ADR 0103) and per month a KPI selects it by (<c>outcomesbymonth</c>, ADR 0104),
/// and the KPI summaries of those months (<c>kpisummaries</c>, ADR 0105).
/// </summary>
public sealed class TableOutcomeLog : IOutcomeLog, IOutcomesByMonth, IKpiSummaries
{
    public TableOutcomeLog(TableServiceClient service)
    {
        table = new(service, TableName);
        byCase = new(service, ByCaseTableName);
        byMonth = new(service, ByMonthTableName);
        summaries = new(service, FiledUnderAsync);
    }

    public const string TableName = "outcomes";
    const string Partition = "outcome";
    public const string ByCaseTableName = "outcomesbycase";
    public const string ByMonthTableName = "outcomesbymonth";
    const string ShelvesColumn = "Shelves";
    public const string SummaryTableName = TableKpiSummaries.TableName;
    readonly JsonEntityTable<RecordedOutcome> table;
    readonly TableKpiSummaries summaries;

    // Tables of their own, not partitions of this one: Azurite tests every entity of a table per query, so copies
    // here would double the cost of every read there (ADR 0103).
    readonly JsonEntityTable<RecordedOutcome> byCase;
    readonly JsonEntityTable<RecordedOutcome> byMonth;

    /// <summary>
    /// The month copies first, then the removal of copies in months the outcome's previous record had and this one
    /// has not, then a new stamp for each of those months' KPI summaries (ADR 0105), then the case copy and the
    /// outcome's row, which remembers its months (column <c>Shelves</c>). All are upserts keyed by the outcome's key
    /// (the stamps by month), so a second run rewrites the same rows; a run cut short is finished by the next, which
    /// still reads the previous months from the row.
    /// </summary>
    public async Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default)
    {
        var row = TableKeys.Escape(outcome.Key);
        var shelves = OutcomeMonths.Of(outcome);
        var before = await table.GetColumnAsync(Partition, row, ShelvesColumn, cancellationToken);
        await Task.WhenAll(shelves.Select(shelf => byMonth.UpsertAsync(shelf, row, outcome, cancellationToken: cancellationToken)));
        var stale = (before ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Where(shelf => !shelves.Contains(shelf)).ToList();
        await Task.WhenAll(stale.Select(shelf => byMonth.DeleteAsync(shelf, row, cancellationToken)));
        await summaries.StampAsync(shelves.Concat(stale), cancellationToken);

        var columns = new Dictionary<string, object?> { ["CaseId"] = outcome.CaseId, ["Kind"] = outcome.Assessment is not null ? "Assessment" : outcome.Survey is not null ? "FamilySurvey" : "Review" };
        await byCase.UpsertAsync(TableKeys.Escape(outcome.CaseId), row, outcome, columns, cancellationToken);
        columns[ShelvesColumn] = string.Join(',', shelves);
        await table.UpsertAsync(Partition, row, outcome, columns, cancellationToken);
    }

    public IAsyncEnumerable<RecordedOutcome> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        byCase.QueryAsync(TableKeys.Escape(caseId), cancellationToken);

    public IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);

    /// <summary>One query over the month partitions of the ranges (Table Storage serves partition ranges from its index).</summary>
    public IAsyncEnumerable<RecordedOutcome> FiledUnderAsync(IReadOnlyList<ShelfRange> ranges, CancellationToken cancellationToken = default) =>
        byMonth.QueryPartitionRangesAsync(ranges.Select(r => (r.First, r.Last)), cancellationToken);

    /// <summary>
    /// Files the outcomes recorded before the month index existed (rows without <c>Shelves</c>), once: a marker row in
    /// partition <c>meta</c> of <c>outcomesbymonth</c> says it is done. Safe to repeat. Returns how many it filed.
    /// </summary>
    public async Task<int> BackfillMonthIndexAsync(CancellationToken cancellationToken = default)
    {
        if (await byMonth.GetColumnAsync(MetaPartition, BackfillMarker, "Done", cancellationToken) is not null)
        {
            return 0;
        }

        var filed = 0;
        foreach (var outcome in await table.WithoutColumnAsync(Partition, ShelvesColumn, cancellationToken))
        {
            await RecordAsync(outcome, cancellationToken);
            filed++;
        }

        await byMonth.UpsertAsync(MetaPartition, BackfillMarker, default!, new Dictionary<string, object?> { ["Done"] = "yes" }, cancellationToken);
        return filed;
    }

    /// <summary>The KPI summaries of the months from <paramref name="firstMonth"/> to <paramref name="lastMonth"/>, recomputing those filed into since (ADR 0105).</summary>
    public Task<KpiSummarySet> ReadAsync(DateOnly firstMonth, DateOnly lastMonth, CancellationToken cancellationToken = default) =>
        summaries.ReadAsync(firstMonth, lastMonth, cancellationToken);

    /// <summary>
    /// Recomputes the KPI summaries that are out of date (months filed into since, and the default months of the
    /// dashboard and the monthly report as of <paramref name="today"/> that have none yet, such as after an upgrade):
    /// both hosts run it in the background so requests read summaries only. Returns how many it recomputed.
    /// </summary>
    public Task<int> RefreshKpiSummariesAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        summaries.RefreshAsync(today, cancellationToken);

    const string MetaPartition = "meta";
    const string BackfillMarker = "month-index-backfill";
}
