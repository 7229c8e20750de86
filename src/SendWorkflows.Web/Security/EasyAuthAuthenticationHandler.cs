using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SendWorkflows.Web.Pages;

namespace SendWorkflows.Web.Security;

/// <summary>Settings under <c>Auth:EasyAuth</c>: whose sign-ins the app believes.</summary>
public sealed class EasyAuthOptions
{
    public const string Section = "Auth:EasyAuth";

    /// <summary>The Microsoft Entra tenant (directory) id staff sign in to.</summary>
    public string TenantId { get; set; } = string.Empty;

    /// <summary>The app registration's client id: the audience of the tokens App Service authentication accepted.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>
    /// The setting App Service sets to True when its authentication runs in front of the app (<c>WEBSITE_AUTH_ENABLED</c>).
    /// Only then does the platform strip a client's own <c>X-MS-CLIENT-PRINCIPAL</c> header; without it the header is refused.
    /// </summary>
    public const string PlatformSetting = "WEBSITE_AUTH_ENABLED";
}

/// <summary>
/// Staff sign-in in Azure (ADR 0081): App Service authentication (Easy Auth) signs the member of staff in with
/// Microsoft Entra ID before the request reaches the app, and passes who they are in the <c>X-MS-CLIENT-PRINCIPAL</c>
/// header (base64 JSON: <c>auth_typ</c>, <c>claims</c> of <c>typ</c>/<c>val</c>, <c>name_typ</c>, <c>role_typ</c>).
/// The header is believed only when the platform says its authentication is on, and only for an Entra ID sign-in of
/// the configured tenant and app; the app roles (<c>staff</c>, <c>admin</c>) become role claims for the shared
/// policies. No header: a browser asking for a page is sent to <c>/.auth/login/aad</c>, anything else gets 401.
/// </summary>
public sealed class EasyAuthAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<EasyAuthOptions> easyAuth,
    IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EasyAuth";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string LoginPath = "/.auth/login/aad";
    public const string LogoutPath = "/.auth/logout";

    const string TenantClaim = "http://schemas.microsoft.com/identity/claims/tenantid";
    const string AudienceClaim = "aud";

    /// <summary>Entra ID issues app roles as <c>roles</c>; App Service may also list them under its role type.</summary>
    static readonly string[] RoleClaimTypes = ["roles", ClaimTypes.Role];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(PrincipalHeader, out var header) || string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var problem = Problem(header.ToString(), out var principal);
        if (problem is not null)
        {
            Logger.LogWarning("App Service principal refused for {RemoteAddress}: {Reason}", Context.Connection.RemoteIpAddress, problem);
            return Task.FromResult(AuthenticateResult.Fail($"The {PrincipalHeader} header was refused: {problem}."));
        }

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal!, SchemeName)));
    }

    /// <summary>Why the header is not believed, or null with the principal it stands for.</summary>
    string? Problem(string header, out ClaimsPrincipal? principal)
    {
        principal = null;
        if (!string.Equals(configuration[EasyAuthOptions.PlatformSetting], "true", StringComparison.OrdinalIgnoreCase))
        {
            return $"App Service authentication is not on ({EasyAuthOptions.PlatformSetting} is not True), so the header may come from anyone";
        }

        ClientPrincipal? decoded;
        try
        {
            decoded = JsonSerializer.Deserialize<ClientPrincipal>(Convert.FromBase64String(header));
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return "it is not base64 JSON";
        }

        if (decoded?.Claims is not { Count: > 0 } claims || !string.Equals(decoded.AuthType, "aad", StringComparison.OrdinalIgnoreCase))
        {
            return "it is not a Microsoft Entra ID sign-in";
        }

        string? Value(params string[] types) => claims.FirstOrDefault(c => types.Contains(c.Type, StringComparer.Ordinal))?.Value;
        if (!string.Equals(Value(TenantClaim, "tid"), easyAuth.Value.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            return "it is from another tenant";
        }

        if (!string.Equals(Value(AudienceClaim), easyAuth.Value.ClientId, StringComparison.OrdinalIgnoreCase))
        {
            return "it was issued for another app";
        }

        var nameType = decoded.NameType ?? ClaimTypes.Name;
        var identity = new ClaimsIdentity(SchemeName, nameType, ClaimTypes.Role);
        foreach (var claim in claims.Where(c => c.Type is not null && c.Value is not null))
        {
            identity.AddClaim(RoleClaimTypes.Contains(claim.Type) || claim.Type == decoded.RoleType
                ? new Claim(ClaimTypes.Role, claim.Value!)
                : new Claim(claim.Type!, claim.Value!));
        }

        principal = new ClaimsPrincipal(identity);
        return null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (HttpMethods.IsGet(Request.Method) && Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            Response.Redirect($"{LoginPath}?post_login_redirect_uri={Uri.EscapeDataString(Request.PathBase + Request.Path + Request.QueryString)}");
            return;
        }

        await PlainPages.Write(Context, StatusCodes.Status401Unauthorized, "Sign in", "Sign in with your council account to see this page.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        PlainPages.Write(Context, StatusCodes.Status403Forbidden, "You cannot do this",
            "Your account does not have the role this needs. Ask the service's administrator to assign you the staff or admin role.");

    sealed record ClientPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthType,
        [property: JsonPropertyName("claims")] IReadOnlyList<ClientClaim>? Claims,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType);

    sealed record ClientClaim(
        [property: JsonPropertyName("typ")] string? Type,
        [property: JsonPropertyName("val")] string? Value);
}

/// <summary>Registration of <see cref="EasyAuthAuthenticationHandler"/> and its sign-out.</summary>
public static class EasyAuthentication
{
    public static void AddEasyAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(EasyAuthOptions.Section).Get<EasyAuthOptions>() ?? new EasyAuthOptions();
        if (string.IsNullOrWhiteSpace(settings.TenantId) || string.IsNullOrWhiteSpace(settings.ClientId))
        {
            throw new InvalidOperationException(
                "Auth:Mode EasyAuth needs Auth:EasyAuth:TenantId and Auth:EasyAuth:ClientId (the Entra tenant and the app registration staff sign in to).");
        }

        services.Configure<EasyAuthOptions>(configuration.GetSection(EasyAuthOptions.Section));
        services.AddAuthentication(EasyAuthAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, EasyAuthAuthenticationHandler>(EasyAuthAuthenticationHandler.SchemeName, null);
    }

    /// <summary>The dashboard's "Sign out" goes to App Service authentication's own sign-out.</summary>
    public static void MapEasyAuthSignOut(this IEndpointRouteBuilder app) =>
        app.MapGet("/signout", () => Results.Redirect($"{EasyAuthAuthenticationHandler.LogoutPath}?post_logout_redirect_uri=/"))
            .AllowAnonymous();
}
