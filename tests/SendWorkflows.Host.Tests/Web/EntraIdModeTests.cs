using System.Net;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Web;

/// <summary>
/// <c>Auth:Mode=EntraId</c> swaps the local password for Microsoft Entra ID. Signing in needs a tenant, so this
/// checks only what can be checked offline: the host starts, the local sign-in is gone, the API key still works.
/// </summary>
public sealed class EntraIdModeTests
{
    [Fact]
    public async Task With_entra_id_the_local_password_sign_in_is_not_offered()
    {
        await using var host = await TestHost.StartAsync(settings:
        [
            "--Auth:Mode=EntraId",
            "--AzureAd:Instance=https://login.microsoftonline.com/",
            "--AzureAd:TenantId=00000000-0000-0000-0000-000000000001",
            "--AzureAd:ClientId=00000000-0000-0000-0000-000000000002",
            "--AzureAd:CallbackPath=/signin-oidc",
        ]);

        // Not mapped, so the fallback policy sends a stranger to Entra ID rather than to a password form.
        var signIn = await host.Client().GetAsync("/signin");
        Assert.NotEqual(HttpStatusCode.OK, signIn.StatusCode);
        Assert.DoesNotContain("password", await signIn.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await host.Client(TestHost.ApiKey).GetAsync("/api/rejected-events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task With_entra_id_staff_pages_need_the_staff_or_admin_app_role_and_restarts_need_admin()
    {
        await using var host = await TestHost.StartAsync(settings:
        [
            "--Auth:Mode=EntraId",
            "--AzureAd:Instance=https://login.microsoftonline.com/",
            "--AzureAd:TenantId=00000000-0000-0000-0000-000000000001",
            "--AzureAd:ClientId=00000000-0000-0000-0000-000000000002",
            "--AzureAd:CallbackPath=/signin-oidc",
        ]);
        var policies = host.Get<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider>();

        static string[] Roles(Microsoft.AspNetCore.Authorization.AuthorizationPolicy? policy) =>
            [.. policy!.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().Single().AllowedRoles];

        Assert.Equal(["staff", "admin"], Roles(await policies.GetPolicyAsync(SendWorkflows.Web.Security.StaffAuthentication.StaffPolicy)));
        Assert.Equal(["admin"], Roles(await policies.GetPolicyAsync(SendWorkflows.Web.Security.StaffAuthentication.AdminPolicy)));
        Assert.Equal(["staff", "admin"], Roles(await policies.GetFallbackPolicyAsync()));
    }
}
