using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary><see cref="IOutcomeLog"/> in the <c>outcomes</c> table, one row per outcome key (a later record replaces).</summary>
public sealed class TableOutcomeLog(TableServiceClient service) : IOutcomeLog
{
    public const string TableName = "outcomes";
    const string Partition = "outcome";
    readonly JsonEntityTable<RecordedOutcome> table = new(service, TableName);

    public Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default) =>
        table.UpsertAsync(Partition, TableKeys.Escape(outcome.Key), outcome,
            new Dictionary<string, object?> { ["CaseId"] = outcome.CaseId, ["Kind"] = outcome.Assessment is not null ? "Assessment" : outcome.Survey is not null ? "FamilySurvey" : "Review" },
            cancellationToken);

    public IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);
}
