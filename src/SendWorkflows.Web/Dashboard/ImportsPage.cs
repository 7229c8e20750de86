using System.Globalization;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// /dashboard/imports (staff): the latest caseload and contacts loads from every channel (serve's API and command, a
/// dropped blob or an upload in Azure), each with its counts and its rejected rows by line, field and reason (no values,
/// ADR 0025): the dashboard half of contract section 1's load report.
/// </summary>
public static class ImportsPage
{
    const int Shown = 50;
    const int RejectedRowsShown = 20;

    public static void MapImports(this IEndpointRouteBuilder app) =>
        app.MapGet("/dashboard/imports", RenderAsync).RequireAuthorization(StaffAuthentication.StaffPolicy);

    static async Task<IResult> RenderAsync(HttpContext context, IImportLog log, CancellationToken cancellationToken)
    {
        var records = await log.LatestAsync(Shown, cancellationToken);
        var rows = records.Select(r => Govuk.Row(
            r.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.File, r.By is null ? r.Channel : $"{r.Channel}, by {r.By}", Counts(r.Report), Rejected(r.Report)));
        // Administrators import from the browser too (ADR 0110); staff see the loads only.
        var upload = context.User.IsInRole(StaffSessions.AdminRole)
            ? Html.Of($"""<a href="{ImportUploadPage.Path}" role="button" draggable="false" class="govuk-button" data-module="govuk-button" id="import-files">Import files</a>""")
            : Html.Empty;
        var body = Html.Of($"""
            <h1 class="govuk-heading-l">Imports</h1>
            {upload}
            <p class="govuk-body">The latest {Shown} loads of a caseload or contacts file, newest first. A rejected row names its line,
            the field at fault and why; the values themselves are never kept. Rejected rows can be corrected from the
            <a class="govuk-link" href="/dashboard/rejected-events">rejected events</a> page.</p>
            {Govuk.Table("imports", "Caseload and contacts loads", ["When (UTC)", "File", "How it arrived", "Result", "Rejected rows"], rows, "No caseload or contacts file has been loaded yet.")}
            """);
        return Results.Content(Layout.Staff("Imports", body), "text/html; charset=utf-8");
    }

    static string Counts(ImportReport report) => report.Plans is { } plans
        ? $"{plans.Started} started, {plans.Updated} updated, {plans.Unchanged} unchanged, {plans.Rejected} rejected"
        : $"{report.Imported} {report.What} loaded, {report.Rejected.Count} rejected";

    static Html Rejected(ImportReport report)
    {
        if (report.Rejected.Count == 0)
        {
            return Html.Of($"None");
        }

        var items = report.Rejected.Take(RejectedRowsShown).Select(p => Html.Of($"""
            <li>{(p.Line is { } line ? $"line {line}" : "file")}{(p.Field is { } field ? $", {field}" : "")}: {p.Reason}</li>
            """));
        var more = report.Rejected.Count > RejectedRowsShown ? $" and {report.Rejected.Count - RejectedRowsShown} more" : "";
        return Html.Of($"""
            <details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">{report.Rejected.Count} rejected</span></summary>
            <div class="govuk-details__text"><ul class="govuk-list">{Html.Join(items)}</ul>{more}</div></details>
            """);
    }
}
