using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Hardening;

/// <summary>Issue 20: headers on every route, routes closed by default, plain pages for bad requests, clean logs.</summary>
public sealed class HeadersAndErrorsTests
{
    static async Task<(WebApplication App, HttpClient Client)> StartAsync(string environment, Action<WebApplication> map)
    {
        var app = SendWorkflowsApp.Build(
        [
            "--Urls=http://127.0.0.1:0", "--Storage:Provider=InMemory", "--Intake:Queue:Enabled=false", "--Hosting:RequireHttps=false",
            $"--environment={environment}", $"--Auth:ApiKey={TestHost.ApiKey}", $"--Auth:StaffPassword={TestHost.StaffPassword}",
            $"--Links:SigningKey={TestHost.SigningKey}",
        ]);
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) });
    }

    static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control no-store");
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{what}: nosniff");
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", $"{what}: Referrer-Policy");
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single().Contains("frame-ancestors 'none'", StringComparison.Ordinal),
            $"{what}: Content-Security-Policy with frame-ancestors");
    }

    [Fact]
    public async Task Every_route_answers_with_the_security_headers_signed_in_or_not()
    {
        await using var host = await TestHost.StartAsync();
        var staff = await Forms.SignedInAsync(host);
        var routes = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .ToList();
        var link = host.Get<SignedResponseLinks>().LinkFor(TestLinks.AdviceRequest(), "ep.team@example.org")!.PathAndQuery;

        Assert.True(routes.Count >= 15, $"only {routes.Count} routes found");
        foreach (var (method, pattern) in routes)
        {
            var path = pattern.StartsWith("/respond", StringComparison.Ordinal) ? link : pattern.Replace("{caseId}", "EHC-1", StringComparison.Ordinal);
            foreach (var client in new[] { host.Client(), staff, host.Client(TestHost.ApiKey) })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method == "POST")
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                AssertSecurityHeaders(response, $"{method} {pattern} -> {(int)response.StatusCode}");
            }
        }

        AssertSecurityHeaders(await host.Client().GetAsync("/no-such-page"), "an unknown path");
    }

    [Fact]
    public async Task A_route_added_without_marking_it_needs_a_staff_sign_in()
    {
        var (app, client) = await StartAsync("Production", app =>
        {
            app.MapGet("/added-later", () => "children's data");
            app.MapGet("/added-later-public", () => "nothing secret").AllowAnonymous();
        });
        await using var _ = app;

        var unmarked = await client.GetAsync("/added-later");
        var withKey = new HttpRequestMessage(HttpMethod.Get, "/added-later");
        withKey.Headers.Add("X-Api-Key", TestHost.ApiKey);

        Assert.Equal(HttpStatusCode.Redirect, unmarked.StatusCode);
        Assert.StartsWith("/signin", unmarked.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await client.SendAsync(withKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/added-later-public")).StatusCode);
    }

    [Fact]
    public async Task An_error_in_development_is_a_plain_500_page_without_request_headers_or_stack()
    {
        var (app, client) = await StartAsync("Development", app => app.MapGet("/boom", string () => throw new InvalidOperationException("secret detail")).AllowAnonymous());
        await using var _ = app;
        client.DefaultRequestHeaders.Add("X-Probe", "header-value-that-must-not-show");

        var response = await client.GetAsync("/boom");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", page, StringComparison.Ordinal);
        Assert.DoesNotContain("header-value-that-must-not-show", page, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", page, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_50_MB_form_to_a_response_link_gets_413_and_a_plain_page()
    {
        await using var host = await TestHost.StartAsync();
        var link = host.Get<SignedResponseLinks>().LinkFor(TestLinks.AdviceRequest(), "ep.team@example.org")!.PathAndQuery;

        // Raw HTTP: declare 50 MB and send the first kilobyte, as a client does before the refusal reaches it.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(host.Address.Host, host.Address.Port);
        var stream = tcp.GetStream();
        var head = $"POST {link} HTTP/1.1\r\nHost: {host.Address.Authority}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + new string('a', 1024)));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var statusLine = await reader.ReadLineAsync();
        var rest = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while (!rest.ToString().Contains("</html>", StringComparison.Ordinal) && (read = await reader.ReadAsync(buffer)) > 0)
            rest.Append(buffer, 0, read);

        Assert.Equal("HTTP/1.1 413 Payload Too Large", statusLine);
        Assert.Contains("too large", rest.ToString(), StringComparison.Ordinal);
        Assert.Empty(host.Dispatcher.Dispatched);
    }

    [Fact]
    public async Task The_anonymous_link_pages_are_rate_limited_per_address()
    {
        await using var host = await TestHost.StartAsync(settings: ["--RateLimits:AnonymousPerMinute=5"]);
        var link = host.Get<SignedResponseLinks>().LinkFor(TestLinks.AdviceRequest(), "ep.team@example.org")!.PathAndQuery;
        host.Dispatcher.Know("EHC-1001");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
            statuses.Add((await host.Client().GetAsync(link)).StatusCode);
        host.WallClock.Advance(TimeSpan.FromSeconds(61));
        var afterwards = await host.Client().GetAsync(link);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5), statuses.Take(5));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task A_refused_link_is_logged_with_the_callers_address_and_not_its_token()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await TestHost.StartAsync(logs);
        var link = host.Get<SignedResponseLinks>().LinkFor(TestLinks.AdviceRequest(), "ep.team@example.org")!.PathAndQuery;
        var tampered = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];

        var response = await host.Client().GetAsync(tampered);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var line = Assert.Single(logs.Lines, l => l.Contains("Response link refused for 127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(tampered.Split('/')[^1], line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x\nInformation SendWorkflows.Web.Security.SignInEndpoints: Staff sign-in accepted")]
    [InlineData(null)]
    public async Task Ids_of_rejected_items_are_cleaned_and_shortened_before_logging(string? id)
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await TestHost.StartAsync(logs);
        id ??= new string('z', 200_000);
        var json = System.Text.Json.JsonSerializer.Serialize(new { id, type = "PlanTeleported", caseId = id, on = "2026-03-02" });

        await host.Client(TestHost.ApiKey).PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"));

        var line = Assert.Single(logs.Lines, l => l.Contains("Unreadable event", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line.TrimEnd());
        Assert.True(line.Length < 2_000, $"a log line of {line.Length} characters");
    }
}
