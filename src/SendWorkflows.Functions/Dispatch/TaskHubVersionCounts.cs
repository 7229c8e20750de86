using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using SendWorkflows.Web.Dashboard;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// /dashboard/versions under Durable Functions. The Azure Storage backend keeps each instance's name, version and
/// status in its task hub's <c>{hub}Instances</c> table (DurableTask.AzureStorage's <c>OrchestrationInstanceStatus</c>,
/// one row an instance, the version rewritten on each continue-as-new); the app's tables are in the same storage
/// account (infra/main.bicep), so its own client reads it. Only running and pending rows, two columns (ADR 0118).
/// </summary>
public sealed class TaskHubVersionCounts(TableServiceClient tables, string hubName) : IWorkflowVersionCounts
{
    const string RunningOrPending = "RuntimeStatus eq 'Running' or RuntimeStatus eq 'Pending'";

    public string TableName => hubName + "Instances";

    public Task<IReadOnlyList<VersionCount>> CountAsync(CancellationToken cancellationToken) =>
        VersionTally.OfAsync(RunningAsync(cancellationToken), cancellationToken);

    async IAsyncEnumerable<(string Orchestrator, string? Version)> RunningAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = tables.GetTableClient(TableName).QueryAsync<TableEntity>(RunningOrPending, select: ["Name", "Version"], cancellationToken: cancellationToken);
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        while (await NextAsync(enumerator))
        {
            yield return (enumerator.Current.GetString("Name"), enumerator.Current.GetString("Version"));
        }
    }

    /// <summary>A hub that has run nothing yet has no table: no instances.</summary>
    static async Task<bool> NextAsync(IAsyncEnumerator<TableEntity> rows)
    {
        try
        {
            return await rows.MoveNextAsync();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return false;
        }
    }
}
