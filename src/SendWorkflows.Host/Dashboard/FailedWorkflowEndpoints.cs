using Microsoft.AspNetCore.Antiforgery;
using SendWorkflows.Host.Security;
using SendWorkflows.Host.Web;
using SendWorkflows.Workflows.Operations;

namespace SendWorkflows.Host.Dashboard;

/// <summary>
/// Workflows that stopped with an error: every member of staff sees them; an administrator can restart one from its
/// input (<see cref="FailedWorkflows"/>, docs/adr/0059). The error shown is the exception's type and message.
/// </summary>
public static class FailedWorkflowEndpoints
{
    public static void MapFailedWorkflows(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard/failed", ListAsync).RequireAuthorization(StaffAuthentication.StaffPolicy);
        app.MapPost("/dashboard/failed/restart", RestartAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
    }

    static async Task<IResult> ListAsync(HttpContext context, FailedWorkflows failed, IAntiforgery antiforgery, string? restarted, CancellationToken cancellationToken)
    {
        var isAdmin = context.User.IsInRole(StaffSessions.AdminRole);
        var tokens = antiforgery.GetAndStoreTokens(context);
        Html RestartButton(FailedWorkflow f) => Html.When(isAdmin, Html.Of($"""
            <form method="post" action="/dashboard/failed/restart"><input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
            <input type="hidden" name="instanceId" value="{f.InstanceId}"><button type="submit">Restart</button></form>
            """));
        var rows = (await failed.ListAsync(cancellationToken)).Select(f => Html.Of($"""
            <tr><td><a href="/dashboard/cases/{Uri.EscapeDataString(f.CaseId)}">{f.CaseId}</a></td><td>{f.InstanceId}</td><td>{f.Name}</td>
            <td>{f.Since.UtcDateTime:yyyy-MM-dd HH:mm}</td><td>{f.Error}</td><td>{RestartButton(f)}</td></tr>
            """)).ToList();
        var notice = restarted is null ? Html.Empty : Html.Of($"""<div class="notice" id="restarted"><p>Restarted {restarted}.</p></div>""");
        return Results.Content(Layout.Staff("Failed workflows", Html.Of($"""
            {notice}
            <p>A workflow listed here has stopped: nobody is being chased for that case until it is restarted. Restarting runs
            the workflow's current cycle again from its start (no e-mail goes twice); case events it had received since then must
            be sent again (see the case's timeline). Only an administrator can restart.</p>
            <table id="failed"><thead><tr><th>Case</th><th>Workflow</th><th>Kind</th><th>Stopped</th><th>Error</th><th></th></tr></thead>
            <tbody>{Html.Join(rows)}</tbody></table>
            """)), "text/html; charset=utf-8");
    }

    static async Task<IResult> RestartAsync(HttpContext context, FailedWorkflows failed, IAntiforgery antiforgery, ILoggerFactory loggers)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
            return PlainPages.BadRequest("Restart a workflow from the failed workflows page.");

        var instanceId = (await context.Request.ReadFormAsync(context.RequestAborted))["instanceId"].ToString();
        var refusal = await failed.RestartAsync(instanceId, context.RequestAborted);
        var logger = loggers.CreateLogger(typeof(FailedWorkflowEndpoints));
        if (refusal is not null)
        {
            logger.LogWarning("Restart of {InstanceId} refused: {Reason}", LogText.Clean(instanceId), refusal);
            return PlainPages.BadRequest($"Not restarted: {refusal}.");
        }

        logger.LogWarning("Workflow {InstanceId} restarted from its input by {User}", LogText.Clean(instanceId), context.User.Identity?.Name);
        return Results.Redirect("/dashboard/failed?restarted=" + Uri.EscapeDataString(instanceId));
    }
}
