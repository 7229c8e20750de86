using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Identity.Web;

namespace SendWorkflows.Host.Security;

/// <summary>
/// Who may do what: /api needs an API key; staff pages need a signed-in member of staff, by the local password
/// (cookie) or, with <c>Auth:Mode=EntraId</c>, by Microsoft Entra ID (section <c>AzureAd</c>). Response links
/// and /health are anonymous.
/// </summary>
public static class StaffAuthentication
{
    public const string ApiPolicy = "Api";
    public const string StaffPolicy = "Staff";

    public static IServiceCollection AddStaffAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services.Configure<AuthOptions>(configuration.GetSection(AuthOptions.Section));

        string staffScheme;
        if (options.UsesEntraId)
        {
            staffScheme = OpenIdConnectDefaults.AuthenticationScheme;
            services.AddAuthentication(staffScheme)
                .AddMicrosoftIdentityWebApp(configuration.GetSection("AzureAd"));
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
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                // Sessions run on wall-clock time, not the case clock (which the demo accelerates and tests move).
                cookie.TimeProvider = TimeProvider.System;
            });
        }

        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
            ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(StaffPolicy, policy => policy.AddAuthenticationSchemes(staffScheme).RequireAuthenticatedUser());
        return services;
    }

    public static bool IsEntraId(IConfiguration configuration) =>
        (configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions()).UsesEntraId;
}
