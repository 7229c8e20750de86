using Microsoft.DurableTask.Client;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Email.Templates;
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
            body = Govuk.Inset(Html.Of($"The workflows run in Durable Functions in this host, which does not report an instance's version, so versions are not shown here."), "versions-unavailable");
        }
        else
        {
            var rows = (await CountAsync(store, cancellationToken)).Select(c =>
                Govuk.Row(Labels.OfWorkflow(c.Orchestrator), c.IsNewest ? Html.Of($"{c.Version} {Govuk.Tag("Newest", "green")}") : Html.Of($"{c.Version}"), c.Instances));
            body = Html.Of($"""
                {Govuk.P("New workflows start on the newest version; an annual review moves to it at its next cycle. An old version can be removed once no workflow runs on it.")}
                {Govuk.Table("versions", "Running workflows by version", ["Workflow", "Version", "Running"], rows, "No workflow is running.")}
                """);
        }

        return DashboardEndpoints.Page("Workflow versions", "/dashboard/versions", body);
    }
}
