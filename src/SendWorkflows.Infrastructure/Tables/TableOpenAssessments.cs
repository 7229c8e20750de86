using Azure.Data.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// <see cref="IOpenAssessments"/> in the <c>openassessments</c> table (ADR 0115): partition <c>open</c> holds one row per
/// assessment under way, partition <c>closed</c> one per assessment that ended, so a repeated open after the close
/// (a late redelivered request) finds the closed row and does nothing. The digest reads the <c>open</c> partition only.
/// </summary>
public sealed class TableOpenAssessments(TableServiceClient service) : IOpenAssessments
{
    public const string TableName = "openassessments";
    const string Open = "open";
    const string Closed = "closed";
    readonly JsonEntityTable<RunningAssessment> table = new(service, TableName);

    public async Task OpenAsync(RunningAssessment assessment, CancellationToken cancellationToken = default)
    {
        var row = TableKeys.Escape(assessment.CaseId);
        if (await table.GetAsync(Closed, row, cancellationToken) is null)
        {
            await table.UpsertAsync(Open, row, assessment, new Dictionary<string, object?> { ["RequestedOn"] = assessment.RequestedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
        }
    }

    public async Task CloseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var row = TableKeys.Escape(caseId);
        var opened = await table.GetAsync(Open, row, cancellationToken);
        // The closed row first: a retry after a crash between the two still finds the open row to remove.
        await table.UpsertAsync(Closed, row, opened ?? new RunningAssessment(caseId, "", default, ""), cancellationToken: cancellationToken);
        await table.DeleteAsync(Open, row, cancellationToken);
    }

    public async IAsyncEnumerable<RunningAssessment> ListOpenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var open = new List<RunningAssessment>();
        await foreach (var assessment in table.QueryAsync(Open, cancellationToken))
        {
            open.Add(assessment);
        }

        foreach (var assessment in open.OrderBy(a => a.RequestedOn).ThenBy(a => a.CaseId, StringComparer.Ordinal))
        {
            yield return assessment;
        }
    }

    /// <summary>
    /// Opens the assessments that were running before this index existed (read from the runtime by the caller), once:
    /// a marker row says it is done. Closed ones stay closed. Returns how many it opened.
    /// </summary>
    public async Task<int> BackfillAsync(Func<Task<IReadOnlyList<RunningAssessment>>> running, CancellationToken cancellationToken = default)
    {
        if (await table.GetAsync(Meta, BackfillMarker, cancellationToken) is not null)
        {
            return 0;
        }

        var assessments = await running();
        foreach (var assessment in assessments)
        {
            await OpenAsync(assessment, cancellationToken);
        }

        await table.UpsertAsync(Meta, BackfillMarker, new RunningAssessment(BackfillMarker, "", default, ""), cancellationToken: cancellationToken);
        return assessments.Count;
    }

    const string Meta = "meta";
    const string BackfillMarker = "backfill";
}
