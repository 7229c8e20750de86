using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Host.Hosting;

namespace SendWorkflows.Proof.Tests.Security;

/// <summary>
/// Every route the app maps, read from its endpoint data source (so a route added later is checked too), refuses a
/// caller without credentials or with wrong ones, except the few that are public by design.
/// </summary>
[Collection(ProofLanes.BesideTheClockRuns)]
public sealed class StaffRouteTests : IAsyncLifetime, IDisposable
{
    const string ApiKey = "route-test-api-key-31";

    /// <summary>Public by design: health, the signed-link pages (the token is the credential), sign-in, the root redirect.</summary>
    static readonly HashSet<string> PublicRoutes = ["GET /health", "GET /respond/{caseId}/{token}", "POST /respond/{caseId}/{token}",
        "GET /survey/{caseId}/{token}", "POST /survey/{caseId}/{token}/{step}", "GET /signin", "POST /signin", "GET /"];

    WebApplication app = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        app = SendWorkflowsApp.Build(
        [
            "--Urls=http://127.0.0.1:0", "--Storage:Provider=InMemory", "--Intake:Queue:Enabled=false", "--Hosting:RequireHttps=false",
            $"--Auth:ApiKey={ApiKey}", "--Auth:StaffPassword=route test password", "--Links:SigningKey=route-test-signing-key-long-enough-0123456789",
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    public void Dispose() => client.Dispose();

    public static IEnumerable<object[]> Credentials() =>
    [
        ["none", (Action<HttpRequestMessage>)(_ => { })],
        ["a wrong API key", (Action<HttpRequestMessage>)(r => r.Headers.Add("X-Api-Key", "not-the-key"))],
        ["an empty API key", (Action<HttpRequestMessage>)(r => r.Headers.Add("X-Api-Key", ""))],
        ["a forged staff cookie", (Action<HttpRequestMessage>)(r => r.Headers.Add("Cookie", "sendworkflows.staff=CfDJ8forgedvalue"))],
        ["a staff password as API key", (Action<HttpRequestMessage>)(r => r.Headers.Add("X-Api-Key", "route test password"))],
    ];

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Every_route_but_the_public_ones_refuses_a_caller_with(string credentials, Action<HttpRequestMessage> authenticate)
    {
        var routes = Routes();
        var opened = new List<string>();
        foreach (var (method, pattern) in routes.Where(r => !PublicRoutes.Contains($"{r.Method} {r.Pattern}")))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern));
            if (method == "POST")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            authenticate(request);
            using var response = await client.SendAsync(request);
            if (!Refused(response))
            {
                opened.Add($"{method} {pattern} -> {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(opened.Count == 0, $"with {credentials} credentials these routes answered: {string.Join("; ", opened)}");
        Assert.Contains(routes, r => r.Pattern.StartsWith("/dashboard", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Pattern.StartsWith("/api", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_right_api_key_opens_the_api_so_the_refusals_above_are_about_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/rejected-events");
        request.Headers.Add("X-Api-Key", ApiKey);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Every_mapped_route_is_either_public_by_design_or_requires_authorization()
    {
        var unguarded = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null)
            .SelectMany(e => Methods(e).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Where(route => !PublicRoutes.Contains(route))
            .ToList();
        Assert.Empty(unguarded);
    }

    List<(string Method, string Pattern)> Routes() =>
        app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => Methods(e).Select(m => (m, e.RoutePattern.RawText ?? "")))
            .Distinct()
            .ToList();

    static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    /// <summary>A route pattern with its parameters filled by harmless sample values.</summary>
    static string Fill(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern.TrimStart('/'), "\\{[^}]+\\}", "EHC-00001");

    /// <summary>Refused: 401/403, or sent to sign in (never a page or data).</summary>
    static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true);
}
