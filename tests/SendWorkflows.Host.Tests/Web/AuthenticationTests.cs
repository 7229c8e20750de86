using System.Net;
using System.Text;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Web;

public sealed class AuthenticationTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task The_api_needs_a_configured_key(string? key)
    {
        var response = await host.Client(key).PostAsync("/api/events", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Dispatcher.Dispatched);
    }

    [Fact]
    public async Task A_staff_cookie_does_not_open_the_api()
    {
        var client = await Forms.SignedInAsync(host);

        var response = await client.GetAsync("/api/rejected-events");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_api_key_does_not_open_the_dashboard()
    {
        var response = await host.Client(TestHost.ApiKey).GetAsync("/dashboard/register");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_sends_strangers_to_sign_in_and_refuses_a_wrong_password()
    {
        var client = host.Client();

        var anonymous = await client.GetAsync("/dashboard");
        var wrong = await Forms.SubmitAsync(client, "/signin", new Dictionary<string, string> { ["password"] = "guess" });

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Signing_in_opens_the_dashboard_and_never_redirects_off_site()
    {
        var client = host.Client();

        var signIn = await Forms.SubmitAsync(client, "/signin", new Dictionary<string, string>
        {
            ["password"] = TestHost.StaffPassword,
            ["returnUrl"] = "//evil.example.org/",
        });

        Assert.Equal("/dashboard", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_sign_in_and_says_nothing_about_cases()
    {
        host.Dispatcher.Know("EHC-1001");

        var response = await host.Client().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }
}
