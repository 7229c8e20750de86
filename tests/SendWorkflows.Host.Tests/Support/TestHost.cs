using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Host.Intake;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Web.Security;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>
/// The real host, in process, on 127.0.0.1 and a free port, with in-memory stores, a recording dispatcher and a
/// fake clock. Every request goes over real HTTP.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string ApiKey = "test-api-key-7f3a";
    public const string StaffPassword = "correct horse battery staple";
    public const string SigningKey = "test-signing-key-that-is-long-enough-0123456789";

    TestHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)App.Services.GetRequiredService<TimeProvider>();

    /// <summary>The wall clock of sessions and request limits (not the case clock).</summary>
    public FakeTimeProvider WallClock => (FakeTimeProvider)App.Services.GetRequiredKeyedService<TimeProvider>(SendWorkflows.Web.Security.WallClock.Key);

    public RecordingDispatcher Dispatcher => (RecordingDispatcher)App.Services.GetRequiredService<IWorkflowEventDispatcher>();

    public ListRejectedEventStore Rejected => (ListRejectedEventStore)App.Services.GetRequiredService<IRejectedEventStore>();

    public ListNotificationLog Notifications => (ListNotificationLog)App.Services.GetRequiredService<INotificationLog>();

    public ListPlanRegister Register => (ListPlanRegister)App.Services.GetRequiredService<IPlanRegister>();

    /// <summary>Workflow instances the link pages should find ended.</summary>
    public OpenWorkflows Workflows => (OpenWorkflows)App.Services.GetRequiredService<DurableTaskClient>();

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>The host on the real workflows (dispatcher, in-memory runtime and ports) instead of the recording doubles.</summary>
    public static Task<TestHost> StartWithWorkflowsAsync() => StartAsync(realWorkflows: true);

    public static async Task<TestHost> StartAsync(ILoggerProvider? logs = null, Action<WebApplicationBuilder>? configure = null, bool realWorkflows = false, params string[] settings)
    {
        string[] args =
        [
            "--Urls=http://127.0.0.1:0",
            "--Storage:Provider=InMemory",
            "--Intake:Queue:Enabled=false",
            "--Hosting:RequireHttps=false",
            $"--Auth:ApiKey={ApiKey}",
            $"--Auth:StaffPassword={StaffPassword}",
            $"--Links:SigningKey={SigningKey}",
            .. settings,
        ];
        var app = SendWorkflowsApp.Build(args, builder =>
        {
            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));
            // Sessions and request limits run on the wall clock: a fake one here, so tests move it instead of sleeping.
            builder.Services.AddKeyedSingleton<TimeProvider>(SendWorkflows.Web.Security.WallClock.Key, new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)));
            if (!realWorkflows)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton<IWorkflowEventDispatcher, RecordingDispatcher>());
                builder.Services.Replace(ServiceDescriptor.Singleton<IRejectedEventStore, ListRejectedEventStore>());
                builder.Services.Replace(ServiceDescriptor.Singleton<INotificationLog, ListNotificationLog>());
                builder.Services.Replace(ServiceDescriptor.Singleton<IPlanRegister, ListPlanRegister>());
                builder.Services.Replace(ServiceDescriptor.Singleton<IOutcomeLog, ListOutcomeLog>());
                builder.Services.Replace(ServiceDescriptor.Singleton<DurableTaskClient>(new OpenWorkflows()));
            }

            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, new Uri(address));
    }

    /// <summary>A client that keeps cookies (sign-in, antiforgery) and does not follow redirects, so tests see them.</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Address };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
