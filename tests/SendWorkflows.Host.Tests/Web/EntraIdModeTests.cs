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

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client().GetAsync("/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client(TestHost.ApiKey).GetAsync("/api/rejected-events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client().GetAsync("/health")).StatusCode);
    }
}
