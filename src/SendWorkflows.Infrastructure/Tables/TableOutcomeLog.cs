using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// <see cref="IOutcomeLog"/> in the <c>outcomes</c> table, one row per outcome key (a later record replaces), with a
/// copy per case (<c>outcomesbycase</c>, ADR 0103) and per month a KPI selects it by (<c>outcomesbymonth</c>, ADR 0104).
/// </summary>
public sealed class TableOutcomeLog(TableServiceClient service) : IOutcomeLog, IOutcomesByMonth
{
    public const string TableName = "outcomes";
    const string Partition = "outcome";
    public const string ByCaseTableName = "outcomesbycase";
    public const string ByMonthTableName = "outcomesbymonth";
    const string ShelvesColumn = "Shelves";
    readonly JsonEntityTable<RecordedOutcome> table = new(service, TableName);

    // Tables of their own, not partitions of this one: Azurite tests every entity of a table per query, so copies
    // here would double the cost of every read there (ADR 0103).
    readonly JsonEntityTable<RecordedOutcome> byCase = new(service, ByCaseTableName);
    readonly JsonEntityTable<RecordedOutcome> byMonth = new(service, ByMonthTableName);

    /// <summary>
    /// The month copies first, then the removal of copies in months the outcome's previous record had and this one
    /// has not, then the case copy and the outcome's row, which remembers its months (column <c>Shelves</c>). All are
    /// upserts keyed by the outcome's key, so a second run rewrites the same rows; a run cut short is finished by the
    /// next, which still reads the previous months from the row.
    /// </summary>
    public async Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default)
    {
        var row = TableKeys.Escape(outcome.Key);
        var shelves = OutcomeMonths.Of(outcome);
        var before = await table.GetColumnAsync(Partition, row, ShelvesColumn, cancellationToken);
        await Task.WhenAll(shelves.Select(shelf => byMonth.UpsertAsync(shelf, row, outcome, cancellationToken: cancellationToken)));
        var stale = (before ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Where(shelf => !shelves.Contains(shelf));
        await Task.WhenAll(stale.Select(shelf => byMonth.DeleteAsync(shelf, row, cancellationToken)));

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

    const string MetaPartition = "meta";
    const string BackfillMarker = "month-index-backfill";
}
