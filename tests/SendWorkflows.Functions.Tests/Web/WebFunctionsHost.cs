using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SendWorkflows.Contract;
using SendWorkflows.Functions.Triggers;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Functions.Tests.Web;

/// <summary>What a web function wrote: status, headers and body.</summary>
public sealed record WebReply(int Status, IHeaderDictionary Headers, string Body)
{
    public string? Location => Headers.Location.ToString() is { Length: > 0 } location ? location : null;

    /// <summary>The antiforgery cookie the page set, as a browser would send it back.</summary>
    public string Cookies => string.Join("; ", Headers.SetCookie.Select(c => c!.Split(';')[0]));

    public (string Name, string Value)? FormToken => Regex.Match(Body, """<input type="hidden" name="(?<name>__RequestVerificationToken)" value="(?<value>[^"]+)">""") is { Success: true } m
        ? (m.Groups["name"].Value, WebUtility.HtmlDecode(m.Groups["value"].Value))
        : null;
}

/// <summary>
/// The Functions app as Program builds it, with Azurite for its tables and the real Durable Task engine in memory
/// (DurableTaskTestHost) for its workflows, whose activities use the app's own Table-backed ports. Its HTTP
/// functions are called in-process as the worker calls them: a real HttpContext whose services are an invocation
/// scope, and the invocation's Durable client.
/// </summary>
public sealed class WebFunctionsHost : IAsyncDisposable
{
    public const string TenantId = "6f1c2a8e-0000-4000-8000-00000000c0de";
    public const string ClientId = "0b9d7a10-0000-4000-8000-0000000a9900";
    public const string ApiKey = "functions-test-api-key-8f3k2m";
    /// <summary>The task hub the app is told it runs (DurableTaskHubName); the in-memory engine itself keeps no tables.</summary>
    public const string TaskHub = "WebFunctionsTestHub";
    public const string SigningKey = "functions-test-link-signing-key-with-enough-entropy-2Xq9";
    public static readonly Uri BaseUrl = new("https://sendwf.example.gov.uk/");

    Azurite? azurite;
    IHost? app;
    DurableTaskTestHost? engine;

    public IServiceProvider Services => app!.Services;

    public DurableTaskClient Client => engine!.Client;

    /// <summary>Today on the wall clock the app and the engine both run on, as the workflows date it.</summary>
    public static DateOnly Today => Workflows.Calendar.WorkflowCalendar.UkDate(DateTime.UtcNow);

    /// <summary>
    /// The working day before today: e-mails planned for it went out at 07:00 that day, so a request dated then is due
    /// now at any hour. Dated today, it would wait on the engine's real clock until 07:00 (or Monday).
    /// </summary>
    public static DateOnly LastWorkingDay
    {
        get
        {
            var day = Today.AddDays(-1);
            while (!Domain.WorkingDays.EnglandAndWales.IsWorkingDay(day))
            {
                day = day.AddDays(-1);
            }

            return day;
        }
    }

    public static async Task<WebFunctionsHost> StartAsync(bool platformAuthentication = true)
    {
        var host = new WebFunctionsHost { azurite = await Azurite.StartAsync() };
        host.app = FunctionsApp.Build(Settings(host.azurite.ConnectionString, platformAuthentication));
        var converter = new JsonDataConverter(OrchestrationJson.Options);
        var appServices = host.app.Services;
        host.engine = await LocalPorts.StartOnFreePortAsync(port => DurableTaskTestHost.StartAsync(
            registry => ShellWorkflows.Register(registry),
            new DurableTaskTestHostOptions
            {
                // A port the system says is free: the engine's own random pick collides when test classes start engines at once.
                Port = port,
                ConfigureServices = services =>
                {
                    // The activities run with the app's ports, as they do under the Functions worker.
                    services.AddSingleton(_ => appServices.GetRequiredService<INotificationLog>());
                    services.AddSingleton(_ => appServices.GetRequiredService<IOutcomeLog>());
                    services.AddSingleton(_ => appServices.GetRequiredService<IRejectedEventStore>());
                    services.AddSingleton(_ => appServices.GetRequiredService<IPlanRegister>());
                    services.AddSingleton(_ => appServices.GetRequiredService<IContactsDirectorySource>());
                    services.AddSendWorkflows();
                    services.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    services.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
                },
            }));
        return host;
    }

    static string[] Settings(string storage, bool platformAuthentication)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Storage"] = storage,
            ["Email:Provider"] = "None",
            ["Auth:Mode"] = "EasyAuth",
            ["Auth:EasyAuth:TenantId"] = TenantId,
            ["Auth:EasyAuth:ClientId"] = ClientId,
            ["Auth:ApiKey"] = ApiKey,
            ["Links:SigningKey"] = SigningKey,
            ["Links:BaseUrl"] = BaseUrl.ToString(),
            ["DurableTaskHubName"] = TaskHub,
        };
        if (platformAuthentication)
        {
            settings["WEBSITE_AUTH_ENABLED"] = "True";
        }

        return [.. settings.Select(s => $"--{s.Key}={s.Value}")];
    }

    /// <summary>
    /// One HTTP invocation: <paramref name="function"/> is the trigger method, given the request as the worker
    /// gives it (https behind the front end, the invocation's scope as request services) and the Durable client.
    /// </summary>
    public async Task<WebReply> InvokeAsync(
        Func<WebFunctions, HttpRequest, DurableTaskClient, Task<IActionResult>> function, string method, string pathAndQuery,
        IDictionary<string, string>? headers = null, string? body = null, string? contentType = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var request = context.Request;
        request.Method = method;
        request.Scheme = "https";
        request.Host = new HostString(BaseUrl.Host);
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = contentType ?? "application/json";
        }

        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        var functions = ActivatorUtilities.CreateInstance<WebFunctions>(scope.ServiceProvider);

        var result = await function(functions, request, Client);

        Assert.IsType<EmptyResult>(result); // the web features wrote the whole response
        return new WebReply(context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(responseBody.ToArray()));
    }

    /// <summary>A form post from a page, with the page's antiforgery cookie and field.</summary>
    public Task<WebReply> PostFormAsync(
        Func<WebFunctions, HttpRequest, DurableTaskClient, Task<IActionResult>> function, string path, WebReply page,
        IDictionary<string, string> fields, IDictionary<string, string>? headers = null)
    {
        var token = page.FormToken ?? throw new InvalidOperationException("The page has no form token:\n" + page.Body);
        var form = new Dictionary<string, string>(fields) { [token.Name] = token.Value };
        var all = new Dictionary<string, string>(headers ?? new Dictionary<string, string>()) { ["Cookie"] = page.Cookies };
        return InvokeAsync(function, "POST", path, all, new FormUrlEncodedContent(form).ReadAsStringAsync().GetAwaiter().GetResult(),
            "application/x-www-form-urlencoded");
    }

    public static Dictionary<string, string> ApiKeyHeader => new() { ["X-Api-Key"] = ApiKey };

    /// <summary>The X-MS-CLIENT-PRINCIPAL App Service authentication passes for an Entra ID sign-in.</summary>
    public static Dictionary<string, string> SignedIn(string? role, string tenant = TenantId, string audience = ClientId, string authType = "aad")
    {
        var claims = new List<object>
        {
            new { typ = "http://schemas.microsoft.com/identity/claims/tenantid", val = tenant },
            new { typ = "aud", val = audience },
            new { typ = "name", val = "Sam Staff" },
            new { typ = "preferred_username", val = "sam.staff@council.example.org" },
        };
        if (role is not null)
        {
            claims.Add(new { typ = "roles", val = role });
        }

        var principal = JsonSerializer.Serialize(new
        {
            auth_typ = authType,
            claims,
            name_typ = "name",
            role_typ = ClaimTypes.Role,
        });
        return new Dictionary<string, string>
        {
            ["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(principal)),
            ["Accept"] = "text/html",
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        app?.Dispose();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
