using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary><see cref="IOutcomeLog"/> in the <c>outcomes</c> table, one row per outcome key (a later record replaces).</summary>
public sealed class TableOutcomeLog(TableServiceClient service) : IOutcomeLog
{
    public const string TableName = "outcomes";
    const string Partition = "outcome";
    public const string ByCaseTableName = "outcomesbycase";
    readonly JsonEntityTable<RecordedOutcome> table = new(service, TableName);

    // A table of its own, not a partition of this one: Azurite tests every entity of a table per query, so copies
    // here would double the cost of every KPI read there (ADR 0103).
    readonly JsonEntityTable<RecordedOutcome> byCase = new(service, ByCaseTableName);

    /// <summary>The outcome's row, and a copy in its case's partition of <c>outcomesbycase</c> that the case page reads (ADR 0103); both are upserts, so a second run rewrites the same rows.</summary>
    public async Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default)
    {
        var columns = new Dictionary<string, object?> { ["CaseId"] = outcome.CaseId, ["Kind"] = outcome.Assessment is not null ? "Assessment" : outcome.Survey is not null ? "FamilySurvey" : "Review" };
        await byCase.UpsertAsync(TableKeys.Escape(outcome.CaseId), TableKeys.Escape(outcome.Key), outcome, columns, cancellationToken);
        await table.UpsertAsync(Partition, TableKeys.Escape(outcome.Key), outcome, columns, cancellationToken);
    }

    public IAsyncEnumerable<RecordedOutcome> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        byCase.QueryAsync(TableKeys.Escape(caseId), cancellationToken);

    public IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);
}
