using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Email.Templates;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Web.Dashboard;

/// <summary>How many live instances of each orchestrator run on each version (ADR 0007).</summary>
public sealed record VersionCount(string Orchestrator, string Version, int Instances)
{
    public bool IsNewest => WorkflowVersions.NewestOf(Orchestrator) == Version;
}

/// <summary>
/// /dashboard/versions (staff): live instances by orchestrator and version, as the host's engine stores them
/// (<see cref="IWorkflowVersionCounts"/>, ADR 0118). An old version may be removed only when no instance runs it
/// (docs/workflow-changes.md).
/// </summary>
public static class WorkflowVersionsPage
{
    public static void MapWorkflowVersions(this IEndpointRouteBuilder app) =>
        app.MapGet("/dashboard/versions", RenderAsync).RequireAuthorization(StaffAuthentication.StaffPolicy);

    static async Task<IResult> RenderAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        Html body;
        if (services.GetService<IWorkflowVersionCounts>() is not { } versions)
        {
            body = Govuk.Inset(Html.Of($"This host does not say where its workflows' instances are stored, so versions are not shown here."), "versions-unavailable");
        }
        else
        {
            var rows = (await versions.CountAsync(cancellationToken)).Select(c =>
                Govuk.Row(Labels.OfWorkflow(c.Orchestrator), c.IsNewest ? Html.Of($"{c.Version} {Govuk.Tag("Newest", "green")}") : Html.Of($"{c.Version}"), c.Instances));
            body = Html.Of($"""
                {Govuk.P("New workflows start on the newest version; an annual review moves to it at its next cycle. An old version can be removed once no workflow runs on it.")}
                {Govuk.Table("versions", "Running workflows by version", ["Workflow", "Version", "Running"], rows, "No workflow is running.")}
                """);
        }

        return DashboardEndpoints.Page("Workflow versions", "/dashboard/versions", body);
    }
}
