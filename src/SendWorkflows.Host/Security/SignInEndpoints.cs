using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using SendWorkflows.Host.Web;

namespace SendWorkflows.Host.Security;

/// <summary>The local sign-in: one configured staff password, then an HTTP-only cookie.</summary>
public static class SignInEndpoints
{
    public static void MapStaffSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
            SignInPage(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK)).AllowAnonymous();
        app.MapPost("/signin", SignInAsync).AllowAnonymous();
        app.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/signin");
        }).RequireAuthorization(StaffAuthentication.StaffPolicy);
    }

    static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, IOptions<AuthOptions> options, ILoggerFactory loggers)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return SignInPage(context, antiforgery, returnUrl, "The form had expired. Please try again.", StatusCodes.Status400BadRequest);
        }

        var configured = options.Value.StaffPassword;
        var presented = form["password"].ToString();
        var matches = configured.Length > 0 && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(configured));
        if (!matches)
        {
            loggers.CreateLogger(typeof(SignInEndpoints)).LogWarning("Staff sign-in refused: wrong password");
            return SignInPage(context, antiforgery, returnUrl, "That password is not right.", StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "staff")], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        // Only a local address: a crafted returnUrl must not send staff to another site.
        return Results.Redirect(IsLocal(returnUrl) ? returnUrl : "/dashboard");
    }

    static bool IsLocal(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    static IResult SignInPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var message = error is null ? Html.Empty : Html.Of($"""<div class="notice error" id="signin-error">{error}</div>""");
        var body = Html.Of($"""
            {message}
            <form method="post" action="/signin">
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">
              <input type="hidden" name="returnUrl" value="{returnUrl ?? "/dashboard"}">
              <p><label for="password">Staff password</label><br><input type="password" id="password" name="password" autocomplete="current-password" required></p>
              <button type="submit">Sign in</button>
            </form>
            """);
        return Results.Content(Layout.Public("Staff sign-in", body), "text/html; charset=utf-8", statusCode: status);
    }
}
