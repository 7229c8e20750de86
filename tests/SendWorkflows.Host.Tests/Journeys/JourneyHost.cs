using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SendWorkflows.Domain;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Host.Tests.Support;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Calendar;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>One e-mail as MailDev received it.</summary>
public sealed record ReceivedMail(string Subject, string Html, string Text);

/// <summary>
/// The real host as <c>serve</c> runs it (embedded runtime on Azurite, SMTP to MailDev, signed links), on a case
/// clock the journey moves: <see cref="AdvanceToAsync"/> runs every workflow step due up to a date, in order.
/// </summary>
public sealed partial class JourneyHost : IAsyncDisposable
{
    // Only an upper bound on background work (it costs time only when a test fails): the demo's load of 263 plans took
    // over 60 s when the 2-core machine ran three other builds and test runs beside CI.
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    readonly JourneyServices services;
    readonly CapturingLoggerProvider logs = new();

    JourneyHost(JourneyServices services, VirtualClock? clock)
    {
        this.services = services;
        this.clock = clock;
    }

    readonly VirtualClock? clock;

    /// <summary>The case clock: the journey's own, or the demo's.</summary>
    public VirtualClock Clock => clock ?? Get<VirtualClock>();

    public WebApplication App { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Api { get; } = new();

    /// <summary>Starts a host whose case clock reads <paramref name="start"/> (UTC).</summary>
    public static async Task<JourneyHost> StartAsync(JourneyServices services, DateTimeOffset start, params string[] settings)
    {
        var host = new JourneyHost(services, new VirtualClock(start));
        await host.StartAppAsync(demo: false, settings);
        return host;
    }

    /// <summary>Starts the host as <c>./run-local</c> does, with its demo (its own case clock, from the settings given).</summary>
    public static async Task<JourneyHost> StartDemoAsync(JourneyServices services, params string[] settings)
    {
        var host = new JourneyHost(services, null);
        await host.StartAppAsync(demo: true, ["--Demo:Enabled=true", .. settings]);
        return host;
    }

    async Task StartAppAsync(bool demo, string[] settings)
    {
        var port = LocalPorts.Free();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        hubName = $"j{suffix}";
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        App = SendWorkflowsApp.Build(
        [
            $"--Urls={BaseUrl}",
            $"--Links:BaseUrl={BaseUrl}",
            $"--Links:SigningKey={TestHost.SigningKey}",
            $"--Auth:ApiKey={TestHost.ApiKey}",
            $"--Auth:StaffPassword={TestHost.StaffPassword}",
            "--Storage:Provider=AzureTables",
            $"--Storage:ConnectionString={services.Azurite.ConnectionString}",
            $"--Storage:HubName={hubName}",
            $"--Intake:Queue:Name=events-{suffix}",
            $"--Intake:Queue:PoisonName=events-{suffix}-poison",
            "--Email:Provider=Smtp",
            "--Email:FromAddress=send-team@council.example.org",
            "--Email:Smtp:Host=127.0.0.1",
            $"--Email:Smtp:Port={services.MailDev.SmtpPort}",
            $"--Email:Smtp:MailDevApiUrl={services.MailDev.WebUrl}",
            $"--Email:Outbox:TableName=outbox{suffix}",
            "--Email:Outbox:PollInterval=00:00:00.2",
            .. settings,
        ], builder =>
        {
            if (!demo)
            {
                builder.Services.RemoveAll<TimeProvider>();
                builder.Services.AddSingleton<TimeProvider>(Clock);
            }

            builder.Logging.AddProvider(logs);
        });
        await App.StartAsync();
        Api.BaseAddress = BaseUrl;
        Api.DefaultRequestHeaders.Add("X-Api-Key", TestHost.ApiKey);
    }

    string hubName = null!;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>The host's last log lines at Warning and above, for a failure message.</summary>
    public string LastWarnings => string.Join("\n", logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)
        || l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).TakeLast(10));

    /// <summary>The contacts (SampleEvents.Contacts) every journey uses, optionally with its own assistant director.</summary>
    public async Task PostContactsAsync(string? assistantDirector = null)
    {
        var contacts = assistantDirector is null ? SampleEvents.Contacts : SampleEvents.Contacts.Replace("ad@council.example.org", assistantDirector, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Api.PostAsync("/api/contacts", new StringContent(contacts, Encoding.UTF8, "application/json"))).StatusCode);
    }

    public async Task PostEventsAsync(params string[] events)
    {
        var response = await Api.PostAsync("/api/events", new StringContent($"[{string.Join(",", events)}]", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted && body.Contains($"\"accepted\":{events.Length}", StringComparison.Ordinal), body);
    }

    public async Task PostCaseloadAsync(string csv)
    {
        var response = await Api.PostAsync("/api/caseload", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
    }

    /// <summary>Runs every workflow step due up to 08:00 UTC on <paramref name="day"/> (after the 07:00 UK sends), in order.</summary>
    public async Task AdvanceToAsync(DateOnly day)
    {
        var runtime = Get<EmbeddedDurableRuntime>();
        await runtime.AdvanceToAsync(new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));
        await runtime.RunUntilIdleAsync();
    }

    /// <summary>The notifications recorded for a case, by kind.</summary>
    public async Task<IReadOnlyList<Notification>> NotificationsAsync(string caseId)
    {
        var found = new List<Notification>();
        await foreach (var n in Get<INotificationLog>().ForCaseAsync(caseId))
        {
            found.Add(n);
        }

        return found;
    }

    /// <summary>Every notification of a kind recorded so far, all cases.</summary>
    public async Task<IReadOnlyList<Notification>> NotificationsOfKindAsync(NotificationKind kind)
    {
        var found = new List<Notification>();
        await foreach (var n in Get<INotificationLog>().AllAsync())
        {
            if (n.Kind == kind)
            {
                found.Add(n);
            }
        }

        return found;
    }

    /// <summary>Waits for the e-mail to <paramref name="to"/> whose subject contains every one of <paramref name="subjectParts"/>.</summary>
    public async Task<ReceivedMail> MailAsync(string to, params string[] subjectParts)
    {
        ReceivedMail? found = null;
        await UntilAsync(async () =>
        {
            found = (await services.MailDev.MessagesToAsync(to))
                .Select(m => new ReceivedMail(m.GetProperty("subject").GetString() ?? "", Str(m, "html"), Str(m, "text")))
                .FirstOrDefault(m => subjectParts.All(part => m.Subject.Contains(part, StringComparison.Ordinal)));
            return found is not null;
        }, $"an e-mail to {to} about {string.Join(" / ", subjectParts)}", CaseIn(subjectParts));
        return found!;
    }

    /// <summary>Subjects of every e-mail to <paramref name="to"/> that mentions <paramref name="caseId"/>.</summary>
    public async Task<IReadOnlyList<string>> SubjectsToAsync(string to, string caseId) =>
        [.. (await services.MailDev.MessagesToAsync(to)).Select(m => m.GetProperty("subject").GetString() ?? "").Where(s => s.Contains(caseId, StringComparison.Ordinal))];

    /// <summary>Subjects of every e-mail to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<string>> SubjectsAsync(string to) =>
        [.. (await services.MailDev.MessagesToAsync(to)).Select(m => m.GetProperty("subject").GetString() ?? "")];

    /// <summary>The response link in an e-mail (the "Respond online" button).</summary>
    public static string LinkIn(ReceivedMail mail)
    {
        var link = ResponseLink().Match(mail.Html);
        Assert.True(link.Success, $"the e-mail '{mail.Subject}' carries a response link");
        return WebUtility.HtmlDecode(link.Value);
    }

    /// <summary>Waits until the workflow instance has completed (an advice ladder that stopped chasing).</summary>
    public Task UntilCompletedAsync(string instanceId) => UntilAsync(
        async () => await Get<DurableTaskClient>().GetInstanceAsync(instanceId) is { RuntimeStatus: OrchestrationRuntimeStatus.Completed },
        $"workflow {instanceId} to complete", instanceId.Split(':') is [_, var caseId, ..] ? caseId : null);

    /// <summary>A browser page signed in to the dashboard as staff (or with another password, the administrator's).</summary>
    public async Task<IPage> SignInAsync(string password = TestHost.StaffPassword)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(BaseUrl, "/dashboard").ToString());
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        Assert.EndsWith("/dashboard", page.Url, StringComparison.Ordinal);
        return page;
    }

    public async Task<string> CaseTimelineAsync(IPage staff, string caseId)
    {
        await staff.GotoAsync(new Uri(BaseUrl, $"/dashboard/cases/{Uri.EscapeDataString(caseId)}").ToString());
        return await staff.InnerTextAsync("#timeline");
    }

    /// <summary>A page in a context of its own, closed with this host: an open page keeps its renderer busy in the shared browser.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null)
    {
        var page = await services.Browser.NewPageAsync(options);
        pages.Add(page);
        return page;
    }

    readonly List<IPage> pages = [];

    /// <summary>The case a subject is about ("case J-A1"), as the journeys name it.</summary>
    static string? CaseIn(string[] subjectParts) =>
        subjectParts.FirstOrDefault(p => p.StartsWith("case ", StringComparison.Ordinal))?["case ".Length..];

    /// <summary>
    /// Polls for work the host does in the background (outbox, intake); not a timed assertion. A timeout names what the
    /// engine and the outbox held for <paramref name="caseId"/>, so a lost step says where it stopped.
    /// </summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what, string? caseId = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var said = logs.Lines.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal) && !l.StartsWith("Trace", StringComparison.Ordinal)).TakeLast(30);
                var state = caseId is null ? "" : "\n" + await CaseStateReport.DescribeAsync(App.Services, hubName, caseId);
                throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}. The host said:\n{string.Join("\n", said)}{state}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The UK date the case clock reads.</summary>
    public DateOnly Today => WorkflowCalendar.UkDate(Clock.GetUtcNow().UtcDateTime);

    public async ValueTask DisposeAsync()
    {
        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }

        Api.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    static string Str(JsonElement message, string property) =>
        message.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    [GeneratedRegex("""http://127\.0\.0\.1:\d+/respond/[^"'<\s]+""")]
    private static partial Regex ResponseLink();
}
