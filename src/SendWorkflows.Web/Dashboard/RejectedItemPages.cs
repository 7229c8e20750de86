using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using SendWorkflows.Contract;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Workflows;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// One rejected item (staff read it): its reason and its content as kept, without personal values, and what became
/// of it. An administrator corrects it and sends it again through the same intake, or dismisses it with a reason
/// (<see cref="RejectedItemCorrection"/>, ADR 0110). Nothing is deleted.
/// </summary>
public static class RejectedItemPages
{
    public static string PathOf(string key) => "/dashboard/rejected-events/" + Uri.EscapeDataString(key);

    public static void MapRejectedItems(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard/rejected-events/{key}", ShowAsync).RequireAuthorization(StaffAuthentication.StaffPolicy);
        app.MapPost("/dashboard/rejected-events/{key}/correct", CorrectAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
        app.MapPost("/dashboard/rejected-events/{key}/dismiss", DismissAsync).RequireAuthorization(StaffAuthentication.AdminPolicy);
    }

    static async Task<IResult> ShowAsync(string key, string? done, HttpContext context, IRejectedItems items, IAntiforgery antiforgery)
    {
        if (await items.FindAsync(key, context.RequestAborted) is not { } item)
        {
            return NotFound(key);
        }

        return Render(context, antiforgery, item, RejectedItemCorrection.FieldsOf(item.Rejected).Select(f => (f.Name, f.Value)).ToList(), [], null, done is not null);
    }

    static async Task<IResult> CorrectAsync(string key, HttpContext context, IRejectedItems items, RejectedItemCorrection correction, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return PlainPages.BadRequest("Correct a rejected item from its page.");
        }

        if (await items.FindAsync(key, context.RequestAborted) is not { } item)
        {
            return NotFound(key);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        // The fields the page offered (a failed attempt may have added the one at fault), each with its value.
        var values = form["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(RejectedItemCorrection.IsFieldName).Distinct(StringComparer.Ordinal).Take(40)
            .Select(name => (name, form[FieldId(name)].ToString())).ToList();
        var outcome = await correction.CorrectAsync(item, values, ImportUploadPage.StaffName(context), context.RequestAborted);
        if (outcome.Succeeded)
        {
            return Results.Redirect(PathOf(key) + "?done=resolved");
        }

        // A field a problem names that the form lacked is added, so the administrator can fill it in.
        foreach (var missing in outcome.Problems.Select(p => p.Field).OfType<string>().Where(f => values.All(v => v.Item1 != f)))
        {
            values.Add((missing, ""));
        }

        return Render(context, antiforgery, item, values, outcome.Problems, null, false, StatusCodes.Status400BadRequest);
    }

    static async Task<IResult> DismissAsync(string key, HttpContext context, IRejectedItems items, RejectedItemCorrection correction, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return PlainPages.BadRequest("Dismiss a rejected item from its page.");
        }

        if (await items.FindAsync(key, context.RequestAborted) is not { } item)
        {
            return NotFound(key);
        }

        var reason = (await context.Request.ReadFormAsync(context.RequestAborted))["reason"].ToString();
        var outcome = await correction.DismissAsync(item, reason, ImportUploadPage.StaffName(context), context.RequestAborted);
        return outcome.Succeeded
            ? Results.Redirect(PathOf(key) + "?done=dismissed")
            : Render(context, antiforgery, item, RejectedItemCorrection.FieldsOf(item.Rejected).Select(f => (f.Name, f.Value)).ToList(), outcome.Problems, reason, false,
                StatusCodes.Status400BadRequest);
    }

    static IResult Render(
        HttpContext context, IAntiforgery antiforgery, RejectedItem item, IReadOnlyList<(string Name, string Value)> values,
        IReadOnlyList<CorrectionProblem> problems, string? reason, bool done, int status = StatusCodes.Status200OK)
    {
        var rejected = item.Rejected;
        var isAdmin = context.User.IsInRole(StaffSessions.AdminRole);
        var kind = RejectedItemCorrection.KindOf(rejected);
        var tokens = antiforgery.GetAndStoreTokens(context);
        var notKept = RejectedItemCorrection.FieldsOf(rejected).Where(f => f.NotKept).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

        var banner = done && item.Settlement is { } settled
            ? Govuk.Success("settled", Html.Of($"""<p class="govuk-notification-banner__heading">{(settled.Status == RejectedItemStatus.Resolved ? "Sent again and taken." : "Dismissed.")}</p><p class="govuk-body">{settled.Note}</p>"""))
            : Html.Empty;
        var summary = Govuk.SummaryList("rejected-item",
        [
            ("Status", Status(item)),
            ("Came from", Html.Of($"{rejected.Source}{(rejected.Line is { } line ? $", line {line}" : "")}")),
            ("Event id", Html.Of($"{rejected.EventId}")),
            ("Case", rejected.CaseId is { } caseId ? Govuk.CaseLink(caseId) : Html.Empty),
            ("Type", Html.Of($"{rejected.Type}")),
            ("Field at fault", Html.Of($"{rejected.Field}")),
            ("Reason", Html.Of($"<span id=\"rejected-reason\">{rejected.Reason}</span>")),
        ]);
        var content = Html.Of($"""
            <h2 class="govuk-heading-m">As received, without personal values</h2>
            <pre class="app-raw" id="rejected-raw">{rejected.Raw ?? "(nothing kept: the item could not be read)"}</pre>
            """);
        var settlement = item.Settlement is { } s ? Govuk.SummaryList("settlement",
        [
            ("What became of it", Html.Of($"{s.Note}")),
            ("By", Html.Of($"{s.By}")),
            ("When (UTC)", Html.Of($"{s.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}")),
        ]) : Html.Empty;

        Html actions;
        if (!item.Open)
        {
            actions = Html.Empty;
        }
        else if (!isAdmin)
        {
            actions = Govuk.Inset(Html.Of($"Only an administrator can correct and send this item again, or dismiss it."), "admin-only");
        }
        else
        {
            actions = Html.Of($"""
                {(kind == CorrectionKind.None ? Govuk.Inset(Html.Of($"This item cannot be sent again from here: correct the file it came from and load it again on the imports page, or dismiss it."), "not-correctable") : CorrectionForm(item, kind, values, problems, notKept, tokens))}
                {DismissForm(item, problems, reason, tokens)}
                """);
        }

        var errors = problems.Count == 0 ? Html.Empty
            : Govuk.ErrorSummary(problems.Select(p => ((string?)(p.Field is null ? null : p.Field == "reason" ? "reason" : FieldId(p.Field)), p.Message)),
                problems.Any(p => p.Field == "reason") ? "reason" : "correct-heading");
        var body = Html.Of($"""
            {errors}
            {banner}
            {summary}
            {settlement}
            {content}
            {actions}
            <p class="govuk-body"><a class="govuk-link" href="/dashboard/rejected-events">Back to rejected events</a></p>
            """);
        return Results.Content(Layout.Staff("Rejected item", body, "/dashboard/rejected-events"), "text/html; charset=utf-8", statusCode: status);
    }

    static Html CorrectionForm(
        RejectedItem item, CorrectionKind kind, IReadOnlyList<(string Name, string Value)> values, IReadOnlyList<CorrectionProblem> problems,
        IReadOnlySet<string> notKept, AntiforgeryTokenSet tokens)
    {
        Html Field((string Name, string Value) field)
        {
            var id = FieldId(field.Name);
            var error = problems.FirstOrDefault(p => p.Field == field.Name)?.Message;
            var hint = notKept.Contains(field.Name)
                ? "Not kept with the rejected item: type it in again. It goes only into what is sent, never into the rejected store."
                : field.Name == item.Rejected.Field ? "The field at fault." : null;
            var describedBy = string.Join(" ", new[] { hint is null ? null : id + "-hint", error is null ? null : id + "-error" }.OfType<string>());
            return Html.Of($"""
                <div class="govuk-form-group{(error is null ? "" : " govuk-form-group--error")}">
                  <label class="govuk-label govuk-label--s" for="{id}">{field.Name}</label>
                  {(hint is null ? Html.Empty : Html.Of($"""<div id="{id}-hint" class="govuk-hint">{hint}</div>"""))}
                  {(error is null ? Html.Empty : Html.Of($"""<p id="{id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {error}</p>"""))}
                  <input class="govuk-input govuk-!-width-two-thirds{(error is null ? "" : " govuk-input--error")}" id="{id}" name="{id}" type="text" value="{field.Value}" autocomplete="off" spellcheck="false"{(describedBy.Length == 0 ? Html.Empty : Html.Of($" aria-describedby=\"{describedBy}\""))}>
                </div>
                """);
        }

        var what = kind == CorrectionKind.CaseloadRow
            ? "The row is loaded as a one-row caseload file, checked exactly as an imported file is, and listed on the imports page."
            : "The event is read and applied exactly as a new event from the case-management system would be.";
        var general = problems.Where(p => p.Field is null || values.All(v => v.Name != p.Field)).Select(p => Html.Of($"""<li>{p.Message}</li>"""));
        return Html.Of($"""
            <h2 class="govuk-heading-m" id="correct-heading">Correct and send again</h2>
            <p class="govuk-body">{what} If it is taken, this item is marked resolved; it is kept either way.</p>
            {(general.Any() ? Html.Of($"""<div class="govuk-error-message" id="correct-problems"><ul class="govuk-list">{Html.Join(general)}</ul></div>""") : Html.Empty)}
            <form method="post" action="{PathOf(item.Key)}/correct" novalidate id="correct-form">
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <input type="hidden" name="fields" value="{string.Join(",", values.Select(v => v.Name))}">
              {Html.Join(values.Select(Field))}
              {Govuk.Button("Send the corrected item")}
            </form>
            """);
    }

    static Html DismissForm(RejectedItem item, IReadOnlyList<CorrectionProblem> problems, string? reason, AntiforgeryTokenSet tokens)
    {
        var error = problems.FirstOrDefault(p => p.Field == "reason")?.Message;
        return Html.Of($"""
            <h2 class="govuk-heading-m" id="dismiss-heading">Dismiss without sending</h2>
            <form method="post" action="{PathOf(item.Key)}/dismiss" novalidate id="dismiss-form">
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <div class="govuk-form-group{(error is null ? "" : " govuk-form-group--error")}">
                <label class="govuk-label govuk-label--s" for="reason">Why is this item dismissed?</label>
                <div id="reason-hint" class="govuk-hint">For example, sent again from the case-management system. Do not include names or e-mail addresses.</div>
                {(error is null ? Html.Empty : Html.Of($"""<p id="reason-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {error}</p>"""))}
                <textarea class="govuk-textarea{(error is null ? "" : " govuk-textarea--error")}" id="reason" name="reason" rows="3" maxlength="{RejectedItemCorrection.MaxReasonLength}" aria-describedby="reason-hint{(error is null ? "" : " reason-error")}">{reason}</textarea>
              </div>
              {Govuk.Button("Dismiss this item", "govuk-button--secondary")}
            </form>
            """);
    }

    /// <summary>Open, resolved or dismissed, as a tag.</summary>
    public static Html Status(RejectedItem item) => item.Settlement switch
    {
        null => Govuk.Tag("Open", "blue"),
        { Status: RejectedItemStatus.Resolved } => Govuk.Tag("Resolved", "green"),
        _ => Govuk.Tag("Dismissed", "grey"),
    };

    static string FieldId(string name) => "value-" + name;

    static IResult NotFound(string key) => Results.Content(
        Layout.Staff("Rejected item not found", Govuk.P(Html.Of($"""There is no rejected item {key}. <a class="govuk-link" href="/dashboard/rejected-events">See every rejected item</a>."""))),
        "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
}
