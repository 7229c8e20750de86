namespace SendWorkflows.Functions.Tests.Web;

/// <summary>
/// Staff sign in through App Service authentication (Entra ID) in front of the Functions app (ADR 0081): the app
/// believes its X-MS-CLIENT-PRINCIPAL only for its tenant and app, and the shared policies give staff reading and
/// admin the corrections. Response links need no sign-in (see <see cref="WebFunctionsTests"/>).
/// </summary>
public sealed class EasyAuthFunctionsTests : IAsyncLifetime
{
    WebFunctionsHost host = null!;

    public async Task InitializeAsync() => host = await WebFunctionsHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    Task<WebReply> GetAsync(string path, IDictionary<string, string>? headers = null) =>
        host.InvokeAsync((f, r, c) => f.DashboardAsync(r, c), "GET", path, headers);

    static Dictionary<string, string> WithoutBrowser(Dictionary<string, string> headers)
    {
        headers.Remove("Accept");
        return headers;
    }

    [Fact]
    public async Task Without_a_sign_in_a_browser_is_sent_to_Entra_ID_and_anything_else_gets_401()
    {
        var browser = await GetAsync("/dashboard/register?q=QX", new Dictionary<string, string> { ["Accept"] = "text/html" });
        var script = await GetAsync("/dashboard/register");

        Assert.Equal(302, browser.Status);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fdashboard%2Fregister%3Fq%3DQX", browser.Location);
        Assert.Equal(401, script.Status);
    }

    Task<WebReply> RestartAsync(string role) =>
        host.InvokeAsync((f, r, c) => f.DashboardAdminAsync(r, c), "POST", "/dashboard/failed/restart", WebFunctionsHost.SignedIn(role),
            "instanceId=review%3AFP-9", "application/x-www-form-urlencoded");

    [Fact]
    public async Task Staff_read_the_dashboard_but_may_not_restart_a_workflow()
    {
        var failed = await GetAsync("/dashboard/failed", WebFunctionsHost.SignedIn("staff"));
        var overview = await GetAsync("/dashboard", WebFunctionsHost.SignedIn("staff"));

        Assert.Equal(200, failed.Status);
        Assert.Contains("Only an administrator can restart", failed.Body, StringComparison.Ordinal);
        Assert.Equal(200, overview.Status);
        Assert.Contains("id=\"plan-count\"", overview.Body, StringComparison.Ordinal);
        Assert.Equal(403, (await RestartAsync("staff")).Status);
    }

    [Fact]
    public async Task An_admin_may_restart_a_workflow()
    {
        var restart = await RestartAsync("admin");

        // Past the admin policy, the restart handler itself answers: this post did not come from its page's form.
        Assert.Equal(400, restart.Status);
        Assert.Contains("Restart a workflow from the failed workflows page", restart.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("another tenant", 401)]
    [InlineData("another app", 401)]
    [InlineData("another identity provider", 401)]
    [InlineData("not base64 JSON", 401)]
    [InlineData("no app role", 403)]
    [InlineData("a role that is not staff or admin", 403)]
    public async Task A_forged_or_roleless_principal_is_refused(string what, int status)
    {
        var headers = what switch
        {
            "another tenant" => WebFunctionsHost.SignedIn("admin", tenant: "0c0c0c0c-0000-4000-8000-000000000bad"),
            "another app" => WebFunctionsHost.SignedIn("admin", audience: "0c0c0c0c-0000-4000-8000-000000000bad"),
            "another identity provider" => WebFunctionsHost.SignedIn("admin", authType: "github"),
            "not base64 JSON" => new Dictionary<string, string> { ["X-MS-CLIENT-PRINCIPAL"] = "eyJhdXRoX3R5cCI6ImFhZCIs=!" },
            "no app role" => WebFunctionsHost.SignedIn(role: null),
            _ => WebFunctionsHost.SignedIn("reader"),
        };

        var reply = await GetAsync("/dashboard/register", WithoutBrowser(headers));

        Assert.Equal(status, reply.Status);
        Assert.DoesNotContain("id=\"register\"", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Where_App_Service_authentication_is_off_the_header_is_not_believed()
    {
        await using var unprotected = await WebFunctionsHost.StartAsync(platformAuthentication: false);

        var reply = await unprotected.InvokeAsync((f, r, c) => f.DashboardAsync(r, c), "GET", "/dashboard/register",
            WithoutBrowser(WebFunctionsHost.SignedIn("admin")));

        Assert.Equal(401, reply.Status);
    }

    [Fact]
    public async Task Sign_out_goes_to_App_Service_authentications_own()
    {
        var reply = await host.InvokeAsync((f, r, _) => f.SignOutAsync(r), "GET", "/signout");

        Assert.Equal(302, reply.Status);
        Assert.Equal("/.auth/logout?post_logout_redirect_uri=/", reply.Location);
    }
}
