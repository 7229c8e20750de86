using Microsoft.AspNetCore.Antiforgery;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Email.Templates;
using SendWorkflows.Workflows.Operations;

namespace SendWorkflows.Web.Dashboard;

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
            <input type="hidden" name="instanceId" value="{f.InstanceId}"><button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Restart<span class="govuk-visually-hidden"> {f.InstanceId}</span></button></form>
            """));
        var rows = (await failed.ListAsync(cancellationToken)).Select(f => Govuk.Row(Govuk.CaseLink(f.CaseId), f.InstanceId, Labels.OfWorkflow(f.Name),
            f.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), f.Error, RestartButton(f))).ToList();
        var notice = restarted is null ? Html.Empty : Govuk.Success("restarted", Html.Of($"""<p class="govuk-notification-banner__heading">Restarted {restarted}.</p>"""));
        return Results.Content(Layout.Staff("Failed workflows", Html.Of($"""
            {notice}
            <p class="govuk-body">A workflow listed here has stopped: nobody is being chased for that case until it is restarted. Restarting runs
            the workflow's current cycle again from its start (no e-mail goes twice); case events it had received since then must
            be sent again (see the case's timeline). Only an administrator can restart.</p>
            {Govuk.Table("failed", "Stopped workflows", ["Case", "Workflow", "Kind", "Stopped", "Error", "Action"], rows, "No workflow has stopped with an error.")}
            """), "/dashboard/failed"), "text/html; charset=utf-8");
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
