using Microsoft.DurableTask.Client;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Web.Dashboard;

/// <summary>How many live instances of each orchestrator run on each version (ADR 0007).</summary>
public sealed record VersionCount(string Orchestrator, string Version, int Instances)
{
    public bool IsNewest => WorkflowVersions.NewestOf(Orchestrator) == Version;
}

/// <summary>
/// /dashboard/versions (staff): live instances by orchestrator and version, read from the embedded runtime's
/// store. An old version may be removed only when no instance runs it (docs/workflow-changes.md).
/// </summary>
public static class WorkflowVersionsPage
{
    public static void MapWorkflowVersions(this IEndpointRouteBuilder app) =>
        app.MapGet("/dashboard/versions", RenderAsync).RequireAuthorization(StaffAuthentication.StaffPolicy);

    /// <summary>Running and pending instances; an instance stored before versions counts as version 1.</summary>
    public static async Task<IReadOnlyList<VersionCount>> CountAsync(IOrchestrationStore store, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending] };
        var counts = new Dictionary<(string, string), int>();
        await foreach (var record in store.QueryInstancesAsync(query, cancellationToken))
        {
            var key = (record.Name, record.VersionOrOne);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return [.. counts
            .Select(c => new VersionCount(c.Key.Item1, c.Key.Item2, c.Value))
            .OrderBy(c => c.Orchestrator, StringComparer.Ordinal).ThenBy(c => WorkflowVersions.Number(c.Version))];
    }

    static async Task<IResult> RenderAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        Html body;
        if (services.GetService<IOrchestrationStore>() is not { } store)
        {
            body = Html.Of($"""<div class="notice">The workflows do not run in this host, so their versions are not shown here.</div>""");
        }
        else
        {
            var rows = (await CountAsync(store, cancellationToken)).Select(c => Html.Of($"""
                <tr><td>{c.Orchestrator}</td><td>{c.Version}{(c.IsNewest ? " (newest)" : "")}</td><td>{c.Instances}</td></tr>
                """));
            body = Html.Of($"""
                <p>Running workflows by version. New workflows start on the newest version; an annual review moves to it at its next cycle.
                An old version can be removed once no workflow runs on it.</p>
                <table id="versions"><thead><tr><th>Workflow</th><th>Version</th><th>Running</th></tr></thead><tbody>{Html.Join(rows)}</tbody></table>
                """);
        }

        return Results.Content(Layout.Staff("Workflow versions", body), "text/html; charset=utf-8");
    }
}
