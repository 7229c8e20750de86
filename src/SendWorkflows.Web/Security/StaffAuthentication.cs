using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Identity.Web;

namespace SendWorkflows.Web.Security;

/// <summary>
/// Who may do what: /api needs an API key; staff pages need a signed-in member of staff, by the local password
/// (cookie) or, with <c>Auth:Mode=EntraId</c>, by Microsoft Entra ID (section <c>AzureAd</c>), or with
/// <c>Auth:Mode=EasyAuth</c> by App Service authentication in front of the app, with the app role <c>staff</c> or <c>admin</c>; restarting failed workflows needs <c>admin</c>. Response links, sign-in and /health
/// are anonymous; any other route, including one added later and not marked, falls back to the staff policy.
/// </summary>
public static class StaffAuthentication
{
    public const string ApiPolicy = "Api";
    public const string StaffPolicy = "Staff";
    public const string AdminPolicy = "Admin";

    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));

        string staffScheme;
        string[] roles = [StaffSessions.StaffRole];
        if (options.UsesEasyAuth)
        {
            // Azure App Service authentication signs staff in with Entra ID in front of the app (ADR 0081).
            staffScheme = EasyAuthAuthenticationHandler.SchemeName;
            services.AddEasyAuthentication(configuration);
            roles = [StaffSessions.StaffRole, StaffSessions.AdminRole];
        }
        else if (options.UsesEntraId)
        {
            staffScheme = OpenIdConnectDefaults.AuthenticationScheme;
            services.AddAuthentication(staffScheme)
                .AddMicrosoftIdentityWebApp(configuration.GetSection("AzureAd"));
            // Being in the tenant is not enough: the app role (staff or admin) must have been assigned (docs/azure.md).
            roles = [StaffSessions.StaffRole, StaffSessions.AdminRole];
        }
        else
        {
            staffScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            services.AddAuthentication(staffScheme).AddCookie(cookie =>
            {
                cookie.LoginPath = "/signin";
                cookie.LogoutPath = "/signout";
                cookie.Cookie.Name = "sendworkflows.staff";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the request came over HTTPS (directly or, with forwarded headers, at the proxy);
                // Hosting:RequireHttps makes it Secure always.
                cookie.Cookie.SecurePolicy = Hosting.HostSecurity.RequiresHttps(configuration)
                    ? CookieSecurePolicy.Always
                    : CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                // Sessions run on wall-clock time, not the case clock (which the demo accelerates and tests move).
                cookie.TimeProvider = TimeProvider.System;
                // Revocable: sign-out, a password change and the absolute lifetime end a session (StaffSessions).
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                cookie.Events.OnValidatePrincipal = context =>
                    context.HttpContext.RequestServices.GetRequiredService<StaffSessions>().ValidateAsync(context);
            });
            services.AddSingleton<StaffSessions>();
        }

        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
            ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(StaffPolicy, policy => policy.AddAuthenticationSchemes(staffScheme).RequireAuthenticatedUser().RequireRole(roles))
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(staffScheme).RequireAuthenticatedUser().RequireRole(StaffSessions.AdminRole))
            // A route nobody marked is for staff: only what is marked AllowAnonymous (health, links, sign-in) is open.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(staffScheme).RequireAuthenticatedUser().RequireRole(roles).Build());
        return services;
    }

    public static bool IsEntraId(IConfiguration configuration) =>
        (configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions()).UsesEntraId;

    public static bool IsEasyAuth(IConfiguration configuration) =>
        (configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions()).UsesEasyAuth;
}
