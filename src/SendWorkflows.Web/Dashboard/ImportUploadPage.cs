using Microsoft.AspNetCore.Antiforgery;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// /dashboard/imports/new (administrators): upload the caseload CSV and/or the contacts JSON from the browser. The
/// files go through the same <see cref="CaseloadImport"/> as the API, the command and the Functions app's imports
/// (contacts first, so the caseload's contributors are checked against them), and are kept in the import log with
/// who sent them. The answer is the load's report, with a link to each rejected row's correction page.
/// </summary>
public static class ImportUploadPage
{
    public const string Path = "/dashboard/imports/new";
    const string Channel = "dashboard";

    /// <summary>
    /// The API's cap (a county's caseload is a few MB), and two of them stay under the web server's 30 MB request
    /// limit; a bigger file goes by the API or, in Azure, the imports container.
    /// </summary>
    public const int MaxFileBytes = 14 * 1024 * 1024;

    /// <summary>How many of the newest rejected items are searched for the rows a load just rejected.</summary>
    const int RecentRejectedSearched = 500;

    public static void MapImportUpload(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, IAntiforgery antiforgery) => Form(context, antiforgery, [], StatusCodes.Status200OK))
            .RequireAuthorization(StaffAuthentication.AdminPolicy);
        app.MapPost(Path, UploadAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
    }

    static async Task<IResult> UploadAsync(
        HttpContext context, IAntiforgery antiforgery, CaseloadImport import, IRejectedItems rejected, ILoggerFactory loggers)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return PlainPages.BadRequest("Upload files from the import page.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var contacts = Chosen(form.Files.GetFile("contacts"));
        var caseload = Chosen(form.Files.GetFile("caseload"));
        var problems = new List<(string? FieldId, string Message)>();
        if (contacts is null && caseload is null)
        {
            problems.Add(("caseload", "Select a caseload CSV file or a contacts JSON file"));
        }

        Check(contacts, "contacts", ".json", "The contacts directory must be a .json file");
        Check(caseload, "caseload", ".csv", "The caseload must be a .csv file");
        if (problems.Count > 0)
        {
            return Form(context, antiforgery, problems, StatusCodes.Status400BadRequest);
        }

        var by = StaffName(context);
        var logger = loggers.CreateLogger(typeof(ImportUploadPage));
        var reports = new List<(string Label, string File, ImportReport Report)>();
        if (contacts is not null)
        {
            var report = await import.ImportContactsAsync(await BytesAsync(contacts, context.RequestAborted), new ImportSource(FileName(contacts), Channel, by), context.RequestAborted);
            reports.Add(("Contacts directory", FileName(contacts), report));
        }

        if (caseload is not null)
        {
            var report = await import.ImportCaseloadAsync(await BytesAsync(caseload, context.RequestAborted), new ImportSource(FileName(caseload), Channel, by), context.RequestAborted);
            reports.Add(("Caseload", FileName(caseload), report));
        }

        logger.LogWarning("Import from the dashboard by {User}: {Files}", LogText.Clean(by),
            LogText.Clean(string.Join("; ", reports.Select(r => $"{r.Report.What} {r.Report.Imported} loaded, {r.Report.Rejected.Count} rejected"))));
        var recent = await RecentOpenAsync(rejected, context.RequestAborted);
        return DashboardEndpoints.Page("Import result", "/dashboard/imports", Html.Join(reports.Select(r => Result(r.Label, r.File, r.Report, recent)).Append(Html.Of($"""
            <p class="govuk-body"><a class="govuk-link" href="{Path}">Import another file</a> or <a class="govuk-link" href="/dashboard/imports">see every load</a>.</p>
            """))));

        void Check(IFormFile? file, string field, string extension, string message)
        {
            if (file is null)
            {
                return;
            }

            if (!FileName(file).EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add((field, message));
            }
            else if (file.Length > MaxFileBytes)
            {
                problems.Add((field, $"The file must be smaller than {MaxFileBytes / (1024 * 1024)} MB"));
            }
        }
    }

    static IFormFile? Chosen(IFormFile? file) => file is { Length: > 0 } ? file : null;

    static string FileName(IFormFile file) => LogText.Clean(System.IO.Path.GetFileName(file.FileName), 200) ?? "upload";

    static async Task<byte[]> BytesAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>The signed-in member of staff as the audit records them: their sign-in name.</summary>
    public static string StaffName(HttpContext context) =>
        context.User.FindFirst("preferred_username")?.Value ?? context.User.Identity?.Name ?? "unknown";

    static async Task<IReadOnlyList<RejectedItem>> RecentOpenAsync(IRejectedItems rejected, CancellationToken cancellationToken)
    {
        var recent = new List<RejectedItem>();
        await foreach (var item in rejected.ItemsAsync(cancellationToken))
        {
            if (recent.Count == RecentRejectedSearched)
            {
                break;
            }

            recent.Add(item);
        }

        return recent;
    }

    static Html Result(string label, string file, ImportReport report, IReadOnlyList<RejectedItem> recent)
    {
        var counts = report.Plans is { } plans
            ? Govuk.SummaryList($"{report.What}-counts",
            [
                ("Started", Html.Of($"{plans.Started}")), ("Updated", Html.Of($"{plans.Updated}")),
                ("Unchanged", Html.Of($"{plans.Unchanged}")), ("Rejected", Html.Of($"{plans.Rejected}")),
            ])
            : Govuk.SummaryList($"{report.What}-counts", [("Loaded", Html.Of($"{report.Imported}")), ("Rejected", Html.Of($"{report.Rejected.Count}"))]);
        var source = report.What == "caseload" ? Workflows.Loading.CaseloadLoader.Source : "contacts";
        var rows = report.Rejected.Select(p =>
        {
            var item = recent.FirstOrDefault(i => i.Open && i.Rejected.Source == source && i.Rejected.Line == p.Line && i.Rejected.Reason == p.Reason
                && (p.PlanId is null || i.Rejected.CaseId == p.PlanId));
            var link = item is null ? Html.Empty : Html.Of($"""<a class="govuk-link" href="{RejectedItemPages.PathOf(item.Key)}">Open<span class="govuk-visually-hidden"> the rejected row{(p.Line is { } l ? $" on line {l}" : "")}</span></a>""");
            return Govuk.Row(p.Line is { } line ? $"{line}" : "", p.PlanId, p.Field, p.Reason, link);
        });
        var banner = report.Rejected.Count == 0
            ? Govuk.Success($"{report.What}-done", Html.Of($"""<p class="govuk-notification-banner__heading">{label} {file} loaded with nothing rejected.</p>"""))
            : Html.Empty;
        return Html.Of($"""
            {banner}
            <h2 class="govuk-heading-m" id="{report.What}-result">{label}: {file}</h2>
            {counts}
            {Html.When(report.Rejected.Count > 0, Govuk.Table($"{report.What}-rejected", "Rejected rows", ["Line", "Plan", "Field", "Reason", "Correct"], rows, ""))}
            {Html.When(report.Rejected.Count > 0, Govuk.P("The other rows were loaded. Open a rejected row to correct it here, or correct it in the case-management system and load the file again."))}
            """);
    }

    static IResult Form(HttpContext context, IAntiforgery antiforgery, IReadOnlyList<(string? FieldId, string Message)> problems, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        Html Upload(string id, string label, string hint, string accept)
        {
            var error = problems.FirstOrDefault(p => p.FieldId == id).Message;
            return Html.Of($"""
                <div class="govuk-form-group{(error is null ? "" : " govuk-form-group--error")}">
                  <label class="govuk-label govuk-label--s" for="{id}">{label}</label>
                  <div id="{id}-hint" class="govuk-hint">{hint}</div>
                  {(error is null ? Html.Empty : Html.Of($"""<p id="{id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {error}</p>"""))}
                  <input class="govuk-file-upload{(error is null ? "" : " govuk-file-upload--error")}" id="{id}" name="{id}" type="file" accept="{accept}" aria-describedby="{id}-hint{(error is null ? "" : $" {id}-error")}">
                </div>
                """);
        }

        var body = Html.Of($"""
            {(problems.Count == 0 ? Html.Empty : Govuk.ErrorSummary(problems, "caseload"))}
            <p class="govuk-body">Load the files your case-management system exports. They are checked and loaded as they are when a system sends
            them: a row that fails a check is listed with its line and reason and the other rows still load. Loading a caseload again updates the
            plans that are already running.</p>
            <form method="post" action="{Path}" enctype="multipart/form-data" novalidate>
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              {Upload("contacts", "Contacts directory (JSON)", "Optional. Loaded first, so the caseload's contributors are checked against it.", ".json,application/json")}
              {Upload("caseload", "Caseload (CSV)", "One row per EHC plan, with the columns in the contract's caseload file.", ".csv,text/csv")}
              {Govuk.Button("Import")}
            </form>
            """);
        return Results.Content(Layout.Staff("Import files", body, "/dashboard/imports"), "text/html; charset=utf-8", statusCode: status);
    }
}
