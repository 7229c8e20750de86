using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using SendWorkflows.Contract;
using SendWorkflows.Web.Pages;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Web.Links;

/// <summary>
/// The page a professional or setting reaches from a request e-mail, without an account: GET shows what is asked
/// for which case reference; POST confirms and raises the workflow event. Any doubt about the link ends on a
/// page that says what is wrong and shows no case data beyond what the link itself was signed for.
/// </summary>
public static class LinkEndpoints
{
    const string LinkSource = "link";

    public static void MapResponseLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/respond/{caseId}/{token}", ShowAsync).AllowAnonymous().RequireRateLimiting(Security.RequestLimits.AnonymousPolicy);
        app.MapPost("/respond/{caseId}/{token}", ConfirmAsync).AllowAnonymous().RequireRateLimiting(Security.RequestLimits.AnonymousPolicy);
    }

    static async Task<IResult> ShowAsync(
        string caseId, string token, HttpContext context, ResponseLinkSigner signer, IUsedLinkStore usedLinks,
        IAntiforgery antiforgery, DurableTaskClient workflows, TimeProvider clock, ILoggerFactory loggers, IOptions<EmailOptions> email)
    {
        var (claims, refusal) = await CheckAsync(caseId, token, signer, usedLinks, workflows, context.RequestAborted);
        if (claims is null)
        {
            LogRefusal(loggers, context);
            return refusal!;
        }

        var request = ResponseRequest.ForEvent(claims.Event)!;
        var tokens = antiforgery.GetAndStoreTokens(context);
        var (earliest, latest) = MeetingWindow(UkDate.Today(clock));
        var dateField = Html.When(request.AsksForMeetingDate, Html.Of($"""
            <div class="govuk-form-group"><label class="govuk-label govuk-label--s" for="meetingOn">Meeting date</label>
            <div class="govuk-hint" id="meetingOn-hint">A date from {Long(earliest)} to {Long(latest)}</div>
            <input class="govuk-input govuk-input--width-10" type="date" id="meetingOn" name="meetingOn" aria-describedby="meetingOn-hint" required min="{earliest:yyyy-MM-dd}" max="{latest:yyyy-MM-dd}"></div>
            """));
        dateField = request.AsksForVisitDate ? VisitDateField(UkDate.Today(clock)) : dateField;
        return Page(StatusCodes.Status200OK, "Respond to a request", Html.Of($"""
            <p class="govuk-body">Case reference: <strong id="case-ref">{claims.CaseId}</strong></p>
            {Explain(claims, email.Value)}
            <p class="govuk-body">{request.Question}</p>
            <form method="post">
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              {dateField}
              <button type="submit" class="govuk-button" data-module="govuk-button">{request.ConfirmLabel}</button>
            </form>
            <p class="govuk-body govuk-hint">This link works once and expires on {claims.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}.</p>
            """));
    }

    static async Task<IResult> ConfirmAsync(
        string caseId, string token, HttpContext context, ResponseLinkSigner signer, IUsedLinkStore usedLinks,
        IAntiforgery antiforgery, ICaseEventSink events, TimeProvider clock, ILoggerFactory loggers, DurableTaskClient workflows)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Refusal(StatusCodes.Status400BadRequest, "Please open the link from your e-mail again",
                "The form had expired or was not sent from this page. Open the link again and confirm.");
        }

        var (claims, refusal) = await CheckAsync(caseId, token, signer, usedLinks, workflows, context.RequestAborted);
        if (claims is null)
        {
            LogRefusal(loggers, context);
            return refusal!;
        }

        var today = UkDate.Today(clock);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var caseEvent = EventFor(claims, today, form["meetingOn"], form["visitedOn"]);
        if (caseEvent is null && claims.Event == ResponseRequest.MonitoringVisitRecorded)
        {
            return Refusal(StatusCodes.Status400BadRequest, "Please give the date of the visit",
                "The visit date is missing or is not a date (use the date picker).");
        }

        if (caseEvent is null)
        {
            return Refusal(StatusCodes.Status400BadRequest, "Please give the meeting date",
                "The meeting date is missing or is not a date (use the date picker).");
        }

        var dates = CaseEventDates.ProblemOn(caseEvent, today);
        var result = await events.SubmitAsync(caseEvent, LinkSource, context.RequestAborted);
        if (result.Status == EventStatus.Rejected && dates is not null && caseEvent is ReviewMeetingScheduled scheduled)
        {
            // Kept in the rejected store by the intake; the link stays usable so the date can be put right.
            return Refusal(StatusCodes.Status400BadRequest, "Please check the meeting date",
                $"{scheduled.MeetingOn:d MMMM yyyy} cannot be right for this meeting: give a date from {MeetingWindow(today).From:d MMMM yyyy} to {MeetingWindow(today).To:d MMMM yyyy}. Open the link again to correct it.");
        }

        if (result.Status == EventStatus.Rejected && dates is not null && caseEvent is MonitoringVisitRecorded visit)
        {
            return Refusal(StatusCodes.Status400BadRequest, "Please check the visit date",
                $"{visit.On:d MMMM yyyy} cannot be right for this visit: give a date from {VisitWindow(today).From:d MMMM yyyy} to {VisitWindow(today).To:d MMMM yyyy}. Open the link again to correct it.");
        }

        if (result.Status == EventStatus.Rejected)
        {
            loggers.CreateLogger(typeof(LinkEndpoints)).LogWarning(
                "Response link {LinkId} for case {CaseId} was refused by the workflow: {Reason}", claims.LinkId, claims.CaseId, result.Reason);
            return Refusal(StatusCodes.Status409Conflict, "This response could not be recorded",
                $"The case is no longer waiting for this: {result.Reason}. If you think this is wrong, contact the caseworker.");
        }

        await usedLinks.MarkUsedAsync(claims.LinkId, clock.GetUtcNow(), context.RequestAborted);
        return Page(StatusCodes.Status200OK, "Thank you", Html.Of($"""
            <div class="govuk-panel govuk-panel--confirmation"><h2 class="govuk-panel__title">Response recorded</h2>
            <div class="govuk-panel__body" id="confirmed">Recorded for case reference <strong>{claims.CaseId}</strong>.</div></div>
            <p class="govuk-body">We will stop reminding you about this. You can close this page.</p>
            """));
    }

    static async Task<(ResponseLinkClaims? Claims, IResult? Refusal)> CheckAsync(
        string caseId, string token, ResponseLinkSigner signer, IUsedLinkStore usedLinks, DurableTaskClient workflows,
        CancellationToken cancellationToken)
    {
        var verification = signer.Verify(token);
        if (verification.Verdict is LinkVerdict.Malformed or LinkVerdict.Tampered)
        {
            return (null, Refusal(StatusCodes.Status400BadRequest, "This link is not valid",
                "The link is incomplete or has been changed. Open it again from the e-mail, or contact the caseworker."));
        }

        var claims = verification.Claims!;
        // A valid signature for another case: say so without showing either case.
        if (!string.Equals(claims.CaseId, caseId, StringComparison.Ordinal))
        {
            return (null, Refusal(StatusCodes.Status400BadRequest, "This link does not match the case",
                "The case in the address is not the case this link was issued for. Open the link again from the e-mail."));
        }

        if (verification.Verdict == LinkVerdict.Expired)
        {
            return (null, Refusal(StatusCodes.Status410Gone, "This link has expired",
                $"The link for case reference {claims.CaseId} expired on {claims.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}. Please contact the caseworker."));
        }

        if (ResponseRequest.ForEvent(claims.Event) is null)
        {
            return (null, Refusal(StatusCodes.Status400BadRequest, "This link is not valid", "The link asks for something this page cannot record."));
        }

        if (await usedLinks.IsUsedAsync(claims.LinkId, cancellationToken))
        {
            return (null, Refusal(StatusCodes.Status409Conflict, "This link has already been used",
                $"A response for case reference {claims.CaseId} was already recorded through this link. Nothing more is needed."));
        }

        // The request's own workflow (the advice ladder, the review cycle) has moved on: nothing is awaited any more.
        if (await workflows.GetInstanceAsync(claims.InstanceId, cancellation: cancellationToken) is not { IsRunning: true })
        {
            return (null, Refusal(StatusCodes.Status410Gone, "This request is closed",
                $"Case reference {claims.CaseId} is no longer waiting for this. Nothing more is needed; if in doubt, contact the caseworker."));
        }

        return (claims, null);
    }

    /// <summary>What is asked, by when, and where it goes, in plain words (the link carries the dates it was signed with).</summary>
    static Html Explain(ResponseLinkClaims claims, EmailOptions email)
    {
        var sendTo = string.IsNullOrWhiteSpace(email.ContactAddress)
            ? $"by replying to the e-mail that brought you here, quoting case reference {claims.CaseId}"
            : $"to {email.ContactName} at {email.ContactAddress}, quoting case reference {claims.CaseId}";
        var (what, where) = claims.Event switch
        {
            ResponseRequest.AdviceReceived when claims.MeetingOn is { } meeting => (
                $"Your advice for the annual review of this EHC plan. The review meeting is on {Long(meeting)}.",
                $"Send your advice {sendTo}. It is shared with everyone invited to the meeting."),
            ResponseRequest.AdviceReceived => (
                "Your advice for this child's education, health and care (EHC) needs assessment.",
                $"Send your advice {sendTo}. The caseworker uses it to write the EHC plan."),
            ResponseRequest.ReviewMeetingScheduled => (
                "The date of this EHC plan's annual review meeting. Please invite everyone at least 2 weeks ahead.",
                "Enter the date below. It goes to the council's SEN team, who then ask the professionals for their advice."),
            ResponseRequest.MonitoringVisitRecorded => (
                "The date of the monitoring visit to this child's placement, once it has taken place.",
                "Enter the date below. It goes to the council's SEN team: the next visit falls due 12 months after it."),
            _ => (
                "The report of the annual review meeting.",
                $"Send the report {sendTo}, and to everyone who was invited."),
        };
        var due = claims.DueOn is { } on
            ? Html.Of($"<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">By when</dt><dd class=\"govuk-summary-list__value\" id=\"due\">{Long(on)}</dd></div>")
            : Html.Empty;
        return Html.Of($"""
            <dl class="govuk-summary-list">
              <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">What we ask</dt><dd class="govuk-summary-list__value" id="what">{what}</dd></div>{due}
              <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Where it goes</dt><dd class="govuk-summary-list__value" id="where">{where}</dd></div>
            </dl>
            <p class="govuk-body">Once it is done, confirm below so that we stop reminding you.</p>
            """);
    }

    static string Long(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>The case event a confirmation raises. Its id comes from the link, so a double submit counts once.</summary>
    static CaseEvent? EventFor(ResponseLinkClaims claims, DateOnly today, string? meetingOn, string? visitedOn)
    {
        var id = "link-" + claims.LinkId;
        switch (claims.Event)
        {
            case ResponseRequest.AdviceReceived:
                return claims.ContactKey is null ? null : new AdviceReceived(id, claims.CaseId, today, claims.ContactKey);
            case ResponseRequest.ReviewReportReceived:
                return new ReviewReportReceived(id, claims.CaseId, today);
            case ResponseRequest.ReviewMeetingScheduled:
                return DateOnly.TryParseExact(meetingOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var meeting)
                    ? new ReviewMeetingScheduled(id, claims.CaseId, today, meeting)
                    : null;
            case ResponseRequest.MonitoringVisitRecorded:
                return DateOnly.TryParseExact(visitedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var visited)
                    ? new MonitoringVisitRecorded(id, claims.CaseId, visited)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>Who presented a link that was refused (invalid, expired, used, closed): the address, never the token.</summary>
    static void LogRefusal(ILoggerFactory loggers, HttpContext context) =>
        loggers.CreateLogger(typeof(LinkEndpoints)).LogInformation(
            "Response link refused for {RemoteAddress} ({Method})", context.Connection.RemoteIpAddress, context.Request.Method);

    /// <summary>The meeting dates a link accepts on <paramref name="today"/> (<see cref="CaseEventDates"/>).</summary>
    static (DateOnly From, DateOnly To) MeetingWindow(DateOnly today) =>
        (today.AddDays(-CaseEventDates.MaxMeetingDaysBeforeEvent), today.AddMonths(CaseEventDates.MaxMeetingMonthsAfterEvent));

    /// <summary>The visit dates a link accepts on <paramref name="today"/>: it has taken place, within the last year (<see cref="CaseEventDates"/>).</summary>
    static (DateOnly From, DateOnly To) VisitWindow(DateOnly today) => (today.AddDays(-CaseEventDates.MaxDaysBeforeToday), today);

    static Html VisitDateField(DateOnly today)
    {
        var (earliest, latest) = VisitWindow(today);
        return Html.Of($"""
            <div class="govuk-form-group"><label class="govuk-label govuk-label--s" for="visitedOn">Date of the visit</label>
            <div class="govuk-hint" id="visitedOn-hint">A date from {Long(earliest)} to {Long(latest)}</div>
            <input class="govuk-input govuk-input--width-10" type="date" id="visitedOn" name="visitedOn" aria-describedby="visitedOn-hint" required min="{earliest:yyyy-MM-dd}" max="{latest:yyyy-MM-dd}"></div>
            """);
    }

    static IResult Refusal(int status, string title, string message) =>
        Page(status, title, Govuk.P(message, id: "refused"));

    static IResult Page(int status, string title, Html body) =>
        Results.Content(Layout.Public(title, body), "text/html; charset=utf-8", statusCode: status);
}
