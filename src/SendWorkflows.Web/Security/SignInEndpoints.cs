using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SendWorkflows.Web.Pages;

namespace SendWorkflows.Web.Security;

/// <summary>The local sign-in: the staff (or administrator) password, then an HTTP-only cookie for a revocable session.</summary>
public static class SignInEndpoints
{
    public static void MapStaffSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            SignInPage(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK)).AllowAnonymous()
            .RequireRateLimiting(RequestLimits.AnonymousPolicy);
        app.MapPost("/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(RequestLimits.SignInPolicy);
        app.MapGet("/signout", SignOutPage).RequireAuthorization(StaffAuthentication.StaffPolicy);
        app.MapPost("/signout", SignOutAsync).RequireAuthorization(StaffAuthentication.StaffPolicy);
    }

    static async Task<IResult> SignInAsync(
        HttpContext context, IAntiforgery antiforgery, IOptionsMonitor<AuthOptions> options, StaffSessions sessions, ILoggerFactory loggers)
    {
        if (!context.Request.HasFormContentType)
        {
            return PlainPages.BadRequest("Sign in from the sign-in page.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SignInPage(context, antiforgery, returnUrl, "The form had expired. Please try again.", StatusCodes.Status400BadRequest);
        }

        var presented = form["password"].ToString();
        var admin = SecretDigest.Matches(presented, options.CurrentValue.AdminPassword);
        var staff = SecretDigest.Matches(presented, options.CurrentValue.StaffPassword);
        if (!admin && !staff)
        {
            RequestLimits.SignInFailed(context);
            loggers.CreateLogger(typeof(SignInEndpoints)).LogWarning(
                "Staff sign-in refused: wrong password from {RemoteAddress}", context.Connection.RemoteIpAddress);
            return SignInPage(context, antiforgery, returnUrl, "That password is not right.", StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, sessions.NewSession(admin));
        // The framework's own check: only a path on this site, no "//", "/\" or control characters ("/%09/evil.example").
        return Results.Redirect(RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : "/dashboard");
    }

    static IResult SignOutPage(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Content(Layout.Public("Sign out", Html.Of($"""
            <form method="post" action="/signout">
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <p class="govuk-body">Signing out ends your session on every device that uses it.</p>
              <button type="submit" class="govuk-button" data-module="govuk-button">Sign out</button>
            </form>
            """)), "text/html; charset=utf-8");
    }

    static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, StaffSessions sessions)
    {
        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return PlainPages.BadRequest("Sign out from the sign-out page.");
        }

        await sessions.EndAsync(context.User, context.RequestAborted);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/signin");
    }

    static IResult SignInPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var summary = error is null ? Html.Empty : Govuk.ErrorSummary("signin-error", error, "password");
        var fieldError = error is null ? Html.Empty : Html.Of($"""<p id="password-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {error}</p>""");
        var body = Html.Of($"""
            {summary}
            <form method="post" action="/signin" novalidate>
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <input type="hidden" name="returnUrl" value="{(RedirectHttpResult.IsLocalUrl(returnUrl) ? returnUrl : "/dashboard")}">
              <div class="govuk-form-group{(error is null ? "" : " govuk-form-group--error")}">
                <label class="govuk-label govuk-label--s" for="password">Staff password</label>
                {fieldError}
                <input class="govuk-input govuk-!-width-one-half{(error is null ? "" : " govuk-input--error")}" type="password" id="password" name="password" autocomplete="current-password" spellcheck="false" required{(error is null ? Html.Empty : Html.Of($" aria-describedby=\"password-error\""))}>
              </div>
              <button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button>
            </form>
            """);
        return Results.Content(Layout.Public("Staff sign-in", body), "text/html; charset=utf-8", statusCode: status);
    }
}
