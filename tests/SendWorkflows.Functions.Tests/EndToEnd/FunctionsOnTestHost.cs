using SendWorkflows.TestSupport;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SendWorkflows.Contract;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Functions.Tests.Web;
using SendWorkflows.Functions.Triggers;

namespace SendWorkflows.Functions.Tests.EndToEnd;

/// <summary>
/// The Functions app in-process: composed by <see cref="FunctionsApp.Build"/>, as Program composes it, over Azurite and
/// MailDev, and the real Durable Task engine in memory (<see cref="DurableTaskTestHost"/>) running
/// every orchestration and activity through the app's own runners, exactly as its orchestrator and activity
/// functions do (one line each), with the engine's client standing in for the <c>[DurableClient]</c> binding.
/// Payloads use OrchestrationJson, as the app sets them (ADR 0054).
/// </summary>
sealed class FunctionsOnTestHost : IAsyncDisposable
{
    readonly IHost app;
    DurableTaskTestHost? host;

    FunctionsOnTestHost(IHost app) => this.app = app;

    public IServiceProvider Services => app.Services;

    public DurableTaskClient Client => host!.Client;

    /// <summary>The web features' settings as Azure would have them (Easy Auth, API key, link signing), as the web tests use.</summary>
    static readonly Dictionary<string, string?> WebSettings = new()
    {
        ["Auth:Mode"] = "EasyAuth",
        ["Auth:EasyAuth:TenantId"] = WebFunctionsHost.TenantId,
        ["Auth:EasyAuth:ClientId"] = WebFunctionsHost.ClientId,
        ["Auth:ApiKey"] = WebFunctionsHost.ApiKey,
        ["Links:SigningKey"] = WebFunctionsHost.SigningKey,
        ["Links:BaseUrl"] = WebFunctionsHost.BaseUrl.ToString(),
        ["WEBSITE_AUTH_ENABLED"] = "True",
    };

    public static async Task<FunctionsOnTestHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var all = WebSettings.Concat(settings).Select(s => $"--{s.Key}={s.Value}");
        var app = new FunctionsOnTestHost(FunctionsApp.Build([.. all]));

        var converter = new JsonDataConverter(OrchestrationJson.Options);
        app.host = await LocalPorts.StartOnFreePortAsync(port => DurableTaskTestHost.StartAsync(
            registry => app.RegisterThroughTheAppsRunners(registry),
            new DurableTaskTestHostOptions
            {
                // A port the system says is free: the engine's own random pick collides when test classes start engines at once.
                Port = port,
                ConfigureServices = engine =>
                {
                    engine.ConfigureAll<DurableTaskWorkerOptions>(o => o.DataConverter = converter);
                    engine.ConfigureAll<DurableTaskClientOptions>(o => o.DataConverter = converter);
                },
            }));
        return app;
    }

    /// <summary>Creates one of the app's function classes from its services, as the Functions worker does.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>
    /// One HTTP invocation of a web function as the worker's ASP.NET Core integration makes it: a real HttpContext whose
    /// services are an invocation scope, https behind the front end, and the engine's client as the bound Durable client.
    /// </summary>
    public async Task<WebReply> InvokeAsync(
        Func<WebFunctions, HttpRequest, DurableTaskClient, Task<IActionResult>> function, string method, string pathAndQuery,
        IDictionary<string, string>? headers = null, IDictionary<string, string>? form = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString(WebFunctionsHost.BaseUrl.Host);
        context.Request.Path = pathAndQuery;
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (form is not null)
        {
            var bytes = await new FormUrlEncodedContent(form).ReadAsByteArrayAsync();
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/x-www-form-urlencoded";
        }

        var body = new MemoryStream();
        context.Response.Body = body;
        var result = await function(ActivatorUtilities.CreateInstance<WebFunctions>(scope.ServiceProvider), context.Request, Client);
        Assert.IsType<EmptyResult>(result);
        return new WebReply(context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    void RegisterThroughTheAppsRunners(DurableTaskRegistry registry)
    {
        var services = Services;
        var workflows = services.GetRequiredService<DurableTaskRegistry>();
        var orchestrators = services.GetRequiredService<RegisteredOrchestratorRunner>();
        var activities = services.GetRequiredService<RegisteredActivityRunner>();
        foreach (var name in workflows.GetOrchestrators().Select(o => o.Key))
        {
            registry.AddOrchestratorFunc<object?>(name, context => orchestrators.RunAsync(context, services));
        }

        foreach (var name in workflows.GetActivities().Select(a => a.Key))
        {
            registry.AddActivityFunc<JsonElement, object?>(name, (context, input) =>
                activities.RunAsync(context.Name.Name, context.InstanceId, input, new DurableClientServices(services, Client)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        app.Dispose();
    }
}
