using Microsoft.AspNetCore.Antiforgery;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;
using SendWorkflows.Web.Pages;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Web.Links;

/// <summary>
/// The family survey a <c>FamilySurvey</c> e-mail links to, without an account, on the GOV.UK "one thing per page"
/// pattern: question 1, question 2, check your answers, confirmation. The answers travel from page to page in the
/// form (nothing is stored until the family sends them) and are recorded as <c>FamilySurveyAnswered</c> through the
/// normal intake. The link is signed, expires and works once; a second use is refused politely.
/// </summary>
public static class SurveyEndpoints
{
    const string Source = "survey";
    const string Involved = "involved";
    const string Communication = "communicationGood";

    public static void MapFamilySurvey(this IEndpointRouteBuilder app)
    {
        app.MapGet("/survey/{caseId}/{token}", ShowFirstAsync).AllowAnonymous().RequireRateLimiting(Security.RequestLimits.AnonymousPolicy);
        app.MapPost("/survey/{caseId}/{token}/{step}", StepAsync).AllowAnonymous().RequireRateLimiting(Security.RequestLimits.AnonymousPolicy);
    }

    static async Task<IResult> ShowFirstAsync(
        string caseId, string token, HttpContext context, ResponseLinkSigner signer, IUsedLinkStore usedLinks, IAntiforgery antiforgery,
        DurableTaskClient workflows)
    {
        var (claims, refusal) = await CheckAsync(caseId, token, signer, usedLinks, workflows, context.RequestAborted);
        if (claims is null)
        {
            return refusal!;
        }

        var form = new Answers(context.Request.Query[Involved], context.Request.Query[Communication]);
        return QuestionOne(context, antiforgery, form, error: false);
    }

    /// <summary>
    /// Every POST names the page it comes from: <c>involved</c> (question 1), <c>communication</c> (question 2),
    /// <c>change-involved</c> / <c>change-communication</c> (back to a question from the check page), <c>send</c> (record them).
    /// </summary>
    static async Task<IResult> StepAsync(
        string caseId, string token, string step, HttpContext context, ResponseLinkSigner signer, IUsedLinkStore usedLinks,
        IAntiforgery antiforgery, DurableTaskClient workflows, ICaseEventSink events, TimeProvider clock, ILoggerFactory loggers)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Refusal(StatusCodes.Status400BadRequest, "Please open the link in your e-mail again",
                "This page was open for too long, or it did not come from our survey. Please open the link in your e-mail again.");
        }

        var (claims, refusal) = await CheckAsync(caseId, token, signer, usedLinks, workflows, context.RequestAborted);
        if (claims is null)
        {
            return refusal!;
        }

        var posted = await context.Request.ReadFormAsync(context.RequestAborted);
        var answers = new Answers(posted[Involved], posted[Communication]);
        switch (step)
        {
            case "involved":
                return answers.InvolvedAnswer is null
                    ? QuestionOne(context, antiforgery, answers, error: true)
                    : answers.CommunicationAnswer is null ? QuestionTwo(context, antiforgery, answers, error: false) : Check(context, antiforgery, answers);
            case "communication":
                return answers.CommunicationAnswer is null
                    ? QuestionTwo(context, antiforgery, answers, error: true)
                    : answers.InvolvedAnswer is null ? QuestionOne(context, antiforgery, answers, error: false) : Check(context, antiforgery, answers);
            case "change-involved":
                return QuestionOne(context, antiforgery, answers, error: false);
            case "change-communication":
                return QuestionTwo(context, antiforgery, answers, error: false);
            case "send" when answers.InvolvedAnswer is { } involved && answers.CommunicationAnswer is { } good:
                var answered = new FamilySurveyAnswered("survey-" + claims.LinkId, claims.CaseId, UkDate.Today(clock), involved, good);
                var result = await events.SubmitAsync(answered, Source, context.RequestAborted);
                if (result.Status == EventStatus.Rejected)
                {
                    // The reason names the case's state only (never the family): the survey is closed or was answered.
                    loggers.CreateLogger(typeof(SurveyEndpoints)).LogWarning(
                        "Survey link {LinkId} for case {CaseId} was refused by the workflow: {Reason}", claims.LinkId, claims.CaseId, result.Reason);
                    return Refusal(StatusCodes.Status409Conflict, "We could not record your answers",
                        "This survey is closed, or your answers were already sent. You do not need to do anything else. Thank you.");
                }

                await usedLinks.MarkUsedAsync(claims.LinkId, clock.GetUtcNow(), context.RequestAborted);
                return Page(StatusCodes.Status200OK, "Answers sent", Html.Of($"""
                    <div class="govuk-panel govuk-panel--confirmation"><h2 class="govuk-panel__title">Thank you</h2>
                    <div class="govuk-panel__body" id="confirmed">We have your answers</div></div>
                    <h2 class="govuk-heading-m">What happens next</h2>
                    <p class="govuk-body">We read every answer. We use them to do better for every family.</p>
                    <p class="govuk-body">You do not need to do anything else. You can close this page.</p>
                    """));
            default:
                return Check(context, antiforgery, answers);
        }
    }

    static IResult QuestionOne(HttpContext context, IAntiforgery antiforgery, Answers answers, bool error) => Question(
        context, antiforgery, answers, error, "involved", Involved,
        "Were you fully involved in decisions about your child's plan?",
        "This means we listened to you and asked what you wanted for your child.",
        "Select yes if you were fully involved", answers.InvolvedAnswer);

    static IResult QuestionTwo(HttpContext context, IAntiforgery antiforgery, Answers answers, bool error) => Question(
        context, antiforgery, answers, error, "communication", Communication,
        "Was our communication with you good?",
        "For example, we kept you up to date and answered when you asked us something.",
        "Select yes if our communication with you was good", answers.CommunicationAnswer);

    /// <summary>One question as radios (yes or no), the other answer carried in a hidden field.</summary>
    static IResult Question(
        HttpContext context, IAntiforgery antiforgery, Answers answers, bool error, string step, string field, string question, string hint,
        string errorMessage, bool? current)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var other = field == Involved ? (Communication, answers.Communication) : (Involved, answers.Involved);
        var errorSummary = Html.When(error, Govuk.ErrorSummary("error-summary", errorMessage, field));
        var errorLine = Html.When(error, Html.Of($"""<p id="{field}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {errorMessage}</p>"""));
        var body = Html.Of($"""
            {errorSummary}
            <form method="post" action="{context.Request.PathBase}{SurveyPath(context)}/{step}" novalidate>
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <input type="hidden" name="{other.Item1}" value="{other.Item2 ?? ""}">
              <div class="govuk-form-group{(error ? " govuk-form-group--error" : "")}">
                <fieldset class="govuk-fieldset" aria-describedby="{field}-hint{(error ? $" {field}-error" : "")}">
                  <legend class="govuk-fieldset__legend"><span class="govuk-visually-hidden">{question}</span></legend>
                  <div id="{field}-hint" class="govuk-hint">{hint}</div>
                  {errorLine}
                  <div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">
                    <div class="govuk-radios__item"><input class="govuk-radios__input" id="{field}" name="{field}" type="radio" value="yes"{Checked(current == true)}><label class="govuk-label govuk-radios__label" for="{field}">Yes</label></div>
                    <div class="govuk-radios__item"><input class="govuk-radios__input" id="{field}-no" name="{field}" type="radio" value="no"{Checked(current == false)}><label class="govuk-label govuk-radios__label" for="{field}-no">No</label></div>
                  </div>
                </fieldset>
              </div>
              {Govuk.Button("Continue")}
            </form>
            """);
        return Page(error ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, question, body);
    }

    static IResult Check(HttpContext context, IAntiforgery antiforgery, Answers answers)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var path = $"{context.Request.PathBase}{SurveyPath(context)}";
        Html Row(string id, string question, bool? answer, string step, string change) => Html.Of($"""
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{question}</dt>
            <dd class="govuk-summary-list__value" id="{id}">{(answer == true ? "Yes" : "No")}</dd>
            <dd class="govuk-summary-list__actions"><form method="post" action="{path}/{step}" class="app-inline-form">
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <input type="hidden" name="{Involved}" value="{answers.Involved}">
              <input type="hidden" name="{Communication}" value="{answers.Communication}">
              <button type="submit" class="govuk-link app-link-button">Change<span class="govuk-visually-hidden"> {change}</span></button>
            </form></dd></div>
            """);
        return Page(StatusCodes.Status200OK, "Check your answers", Html.Of($"""
            <dl class="govuk-summary-list">
              {Row("answer-involved", "Fully involved in decisions", answers.InvolvedAnswer, "change-involved", "whether you were fully involved")}
              {Row("answer-communication", "Our communication was good", answers.CommunicationAnswer, "change-communication", "whether our communication was good")}
            </dl>
            <h2 class="govuk-heading-m">Send your answers</h2>
            <p class="govuk-body">You can only send your answers once.</p>
            <form method="post" action="{path}/send" novalidate>
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <input type="hidden" name="{Involved}" value="{answers.Involved}">
              <input type="hidden" name="{Communication}" value="{answers.Communication}">
              {Govuk.Button("Send answers")}
            </form>
            """));
    }

    /// <summary>The survey's own address (without the step), from the request.</summary>
    static string SurveyPath(HttpContext context) =>
        $"/survey/{Uri.EscapeDataString((string)context.Request.RouteValues["caseId"]!)}/{context.Request.RouteValues["token"]}";

    static string Checked(bool yes) => yes ? " checked" : "";

    static async Task<(ResponseLinkClaims? Claims, IResult? Refusal)> CheckAsync(
        string caseId, string token, ResponseLinkSigner signer, IUsedLinkStore usedLinks, DurableTaskClient workflows, CancellationToken cancellationToken)
    {
        var verification = signer.Verify(token);
        if (verification.Verdict is LinkVerdict.Malformed or LinkVerdict.Tampered
            || verification.Claims is not { Event: nameof(FamilySurveyAnswered) } claims
            || !string.Equals(claims.CaseId, caseId, StringComparison.Ordinal))
        {
            return (null, Refusal(StatusCodes.Status400BadRequest, "This link does not work",
                "The link is not complete, or it has been changed. Please open it again from your e-mail or letter."));
        }

        if (verification.Verdict == LinkVerdict.Expired)
        {
            return (null, Refusal(StatusCodes.Status410Gone, "This survey has closed",
                $"The survey closed on {UkDates(claims.ExpiresAt)}. Thank you for opening it. You do not need to do anything else."));
        }

        if (await usedLinks.IsUsedAsync(claims.LinkId, cancellationToken))
        {
            return (null, Refusal(StatusCodes.Status409Conflict, "You have already answered",
                "We already have your answers to this survey. Thank you. You do not need to do anything else."));
        }

        if (await workflows.GetInstanceAsync(claims.InstanceId, cancellation: cancellationToken) is not { IsRunning: true })
        {
            return (null, Refusal(StatusCodes.Status410Gone, "This survey has closed",
                "This survey is no longer open. Thank you for opening it. You do not need to do anything else."));
        }

        return (claims, null);
    }

    static string UkDates(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The two answers as posted ("yes", "no" or nothing).</summary>
    sealed record Answers(string? Involved, string? Communication)
    {
        public bool? InvolvedAnswer => Read(Involved);

        public bool? CommunicationAnswer => Read(Communication);

        static bool? Read(string? value) => value switch { "yes" => true, "no" => false, _ => null };
    }

    static IResult Refusal(int status, string title, string message) => Page(status, title, Govuk.P(message, id: "refused"));

    static IResult Page(int status, string title, Html body) =>
        Results.Content(Layout.Public(title, body), "text/html; charset=utf-8", statusCode: status);
}
