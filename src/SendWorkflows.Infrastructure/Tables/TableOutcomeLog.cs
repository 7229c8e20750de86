using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary><see cref="IOutcomeLog"/> in the <c>outcomes</c> table, one row per outcome key (a later record replaces).</summary>
public sealed class TableOutcomeLog(TableServiceClient service) : IOutcomeLog
{
    public const string TableName = "outcomes";
    const string Partition = "outcome";
    readonly JsonEntityTable<RecordedOutcome> table = new(service, TableName);

    /// <summary>The outcome's row, and a copy in its case's partition (<c>case:EHC-1</c>) that the case page reads (ADR 0103); both are upserts, so a second run rewrites the same rows.</summary>
    public async Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default)
    {
        var columns = new Dictionary<string, object?> { ["CaseId"] = outcome.CaseId, ["Kind"] = outcome.Assessment is not null ? "Assessment" : outcome.Survey is not null ? "FamilySurvey" : "Review" };
        await table.UpsertAsync(CasePartition(outcome.CaseId), TableKeys.Escape(outcome.Key), outcome, columns, cancellationToken);
        await table.UpsertAsync(Partition, TableKeys.Escape(outcome.Key), outcome, columns, cancellationToken);
    }

    public IAsyncEnumerable<RecordedOutcome> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        table.QueryAsync(CasePartition(caseId), cancellationToken);

    static string CasePartition(string caseId) => "case" + TableKeys.Separator + TableKeys.Escape(caseId);

    public IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);
}
