using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using SendWorkflows.Web.Security;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Hardening;

/// <summary>Issue 20, sign-in and sessions over real HTTP: redirects, brute force, revocation, lifetime.</summary>
public sealed class SignInAndSessionTests : IAsyncLifetime, IDisposable
{
    const string AdminPassword = "admin password for the tests 93";
    readonly CapturingLoggerProvider logs = new();
    TestHost host = null!;

    public async Task InitializeAsync() => host = await TestHost.StartAsync(logs, settings: [$"--Auth:AdminPassword={AdminPassword}"]);

public async Task DisposeAsync() => await host.DisposeAsync();

    public void Dispose() => logs.Dispose();

    (HttpClient Client, CookieContainer Cookies) Browser(TestHost? on = null)
    {
        var cookies = new CookieContainer();
        return (new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = (on ?? host).Address }, cookies);
    }

    Task<HttpResponseMessage> SignInAsync(HttpClient client, string password, string returnUrl = "/dashboard") =>
        Forms.SubmitAsync(client, "/signin", new Dictionary<string, string> { ["password"] = password, ["returnUrl"] = returnUrl });

    HttpClient WithCookie(Cookie cookie)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        return client;
    }

    static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/signin", StringComparison.Ordinal);

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/dashboard\r\nSet-Cookie: planted=1")]
    public async Task Signing_in_never_redirects_off_site_nor_fails_on_a_crafted_return_url(string returnUrl)
    {
        var (client, _) = Browser();

        var response = await SignInAsync(client, TestHost.StaffPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_sign_in_page_does_not_carry_a_crafted_return_url_into_its_form()
    {
        var page = await host.Client().GetStringAsync("/signin?returnUrl=/%09/evil.example");

        Assert.Contains("""name="returnUrl" value="/dashboard""", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_post_that_is_not_a_form_gets_400_and_a_plain_page()
    {
        var response = await host.Client().PostAsync("/signin", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Sign in from the sign-in page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_passwords_block_the_address_with_back_off_even_for_the_right_one_and_are_logged_with_it()
    {
        var (client, _) = Browser();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, $"guess {i}")).StatusCode);
        }

        var blocked = await SignInAsync(client, TestHost.StaffPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), blocked.Headers.RetryAfter!.Delta);

        host.WallClock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(client, "one more guess")).StatusCode);
        var longer = await SignInAsync(client, TestHost.StaffPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, longer.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(2), longer.Headers.RetryAfter!.Delta);

        host.WallClock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, TestHost.StaffPassword)).StatusCode);
        Assert.Contains(logs.Lines, line => line.Contains("wrong password from 127.0.0.1", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("Too many requests from 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_api_keys_block_the_address_even_for_the_right_key_until_the_back_off_ends()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client($"wrong-key-{i}").GetAsync("/api/rejected-events")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.Client(TestHost.ApiKey).GetAsync("/api/rejected-events")).StatusCode);
        host.WallClock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await host.Client(TestHost.ApiKey).GetAsync("/api/rejected-events")).StatusCode);
        Assert.Contains(logs.Lines, line => line.Contains("API key refused for 127.0.0.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cookie_stops_working_once_its_session_is_signed_out()
    {
        var (client, cookies) = Browser();
        await SignInAsync(client, TestHost.StaffPassword);
        var copied = cookies.GetCookies(host.Address)["sendworkflows.staff"]!;
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(copied).GetAsync("/dashboard")).StatusCode);

        var signedOut = await Forms.SubmitAsync(client, "/signout");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.True(SentToSignIn(await WithCookie(copied).GetAsync("/dashboard")));
    }

    [Fact]
    public async Task Signing_out_needs_the_forms_antiforgery_token()
    {
        var (client, cookies) = Browser();
        await SignInAsync(client, TestHost.StaffPassword);

        var forged = await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithCookie(cookies.GetCookies(host.Address)["sendworkflows.staff"]!).GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_staff_password_ends_every_session()
    {
        var (client, _) = Browser();
        await SignInAsync(client, TestHost.StaffPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);

        host.App.Configuration["Auth:StaffPassword"] = "a brand new staff password 2026";
        host.Get<IOptionsMonitorCache<AuthOptions>>().Clear();

        Assert.True(SentToSignIn(await client.GetAsync("/dashboard")));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(client, "a brand new staff password 2026")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task A_session_in_constant_use_still_ends_at_its_absolute_lifetime()
    {
        var (client, _) = Browser();
        await SignInAsync(client, TestHost.StaffPassword);
        for (var hour = 0; hour < 11; hour++)
        {
            host.WallClock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dashboard")).StatusCode);
        }

        host.WallClock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        Assert.True(SentToSignIn(await client.GetAsync("/dashboard")));
    }

    [Fact]
    public async Task Only_an_administrator_may_restart_a_failed_workflow()
    {
        await using var real = await TestHost.StartAsync(realWorkflows: true, settings: [$"--Auth:AdminPassword={AdminPassword}"]);
        var (staff, _) = Browser(real);
        await SignInAsync(staff, TestHost.StaffPassword);
        var (admin, _) = Browser(real);
        await SignInAsync(admin, AdminPassword);

        var staffPage = await staff.GetStringAsync("/dashboard/failed");
        var staffRestart = await Forms.SubmitAsync(staff, "/signout", new Dictionary<string, string> { ["instanceId"] = "review:P-1" }, "/dashboard/failed/restart");
        var adminRestart = await Forms.SubmitAsync(admin, "/signout", new Dictionary<string, string> { ["instanceId"] = "review:P-1" }, "/dashboard/failed/restart");

        Assert.Contains("Failed workflows", staffPage, StringComparison.Ordinal);

        Assert.Contains("""id="failed-count">0</span>""", await staff.GetStringAsync("/dashboard"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, staffRestart.StatusCode);
        // The admin is let through; the instance does not exist, so nothing is restarted and the page says why.
        Assert.Equal(HttpStatusCode.BadRequest, adminRestart.StatusCode);
        Assert.Contains("there is no workflow review:P-1", await adminRestart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
