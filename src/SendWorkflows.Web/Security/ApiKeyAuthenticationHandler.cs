using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SendWorkflows.Web.Security;

/// <summary>Authenticates /api callers (case-management systems, scripts) by the <c>X-Api-Key</c> header.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented) || string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Every key is compared (no early exit), each by digest (SecretDigest), so timing shows neither which nor how long.
        var matches = auth.Value.ApiKeys.Aggregate(false, (found, key) => SecretDigest.Matches(presented.ToString(), key) | found);
        if (!matches)
        {
            Logger.LogWarning("API key refused for {RemoteAddress}", Context.Connection.RemoteIpAddress);
            RequestLimits.ApiKeyFailed(Context);
            return Task.FromResult(AuthenticateResult.Fail($"The {HeaderName} header does not hold a configured key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-client")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(new { error = $"Send a valid API key in the {HeaderName} header." });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(new { error = "This key may not do that." });
    }
}
