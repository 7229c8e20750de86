using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using SendWorkflows.Domain;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Infrastructure.Email.Templates;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Runtime;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.EndToEnd;

/// <summary>
/// The whole host as it runs locally (real workflows on the embedded runtime, Azure Tables in Azurite), driven over
/// HTTP and through headless Chromium: a case-management system posts events, a professional follows the link in
/// the request e-mail and confirms, and a member of staff sees it all on the dashboard. The case clock is a
/// virtual clock the test moves, so nothing waits on the calendar.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed partial class BrowserEndToEndTests(AzuriteFixture azurite)
{
    static readonly string Chromium = HeadlessChromium.Path;
    const string CaseId = "EHC-E2E-1";
    static readonly TimeSpan WorkflowDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_in_a_link_followed_and_the_dashboard_shows_the_case()
    {
        Assert.True(File.Exists(Chromium),
            $"The browser end-to-end test needs Debian's Chromium at {Chromium}: install it with `apt-get install -y chromium`.");

        var port = LocalPorts.Free();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var clock = new VirtualClock(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        var logs = new CapturingLoggerProvider();
        var app = SendWorkflowsApp.Build(
        [
            $"--Urls=http://127.0.0.1:{port}",
            "--Hosting:RequireHttps=false",
            $"--Links:BaseUrl=http://127.0.0.1:{port}/",
            $"--Links:SigningKey={TestHost.SigningKey}",
            $"--Auth:ApiKey={TestHost.ApiKey}",
            $"--Auth:StaffPassword={TestHost.StaffPassword}",
            "--Storage:Provider=AzureTables",
            $"--Storage:ConnectionString={azurite.ConnectionString}",
            $"--Storage:HubName=e2e{suffix}",
            $"--Intake:Queue:Name=events-{suffix}",
            $"--Intake:Queue:PoisonName=events-{suffix}-poison",
            "--Email:Provider=None",
            $"--Email:Outbox:TableName=outbox{suffix}",
        ], builder =>
        {
            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        try
        {
            var baseUrl = new Uri($"http://127.0.0.1:{port}/");
            using var api = new HttpClient { BaseAddress = baseUrl };
            api.DefaultRequestHeaders.Add("X-Api-Key", TestHost.ApiKey);

            // A case-management system sends the contacts, then a request and its advice request.
            var contacts = await api.PostAsync("/api/contacts", new StringContent(SampleEvents.Contacts, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, contacts.StatusCode);
            var events = await api.PostAsync("/api/events", new StringContent(
                $"[{SampleEvents.AssessmentRequested(id: "e2e-1", caseId: CaseId)},{SampleEvents.AdviceRequested(id: "e2e-2", caseId: CaseId)}]",
                Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, events.StatusCode);
            Assert.Contains("\"accepted\":2", await events.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // The morning advice was requested (3 March): the request goes out at 07:00 UK.
            clock.AdvanceTo(new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero));
            var request = await WaitForAsync(app.Services, async () => await FindAsync(app.Services, NotificationKind.AdviceRequest, "ep.team@example.org"));

            // The professional opens the e-mail and follows its link.
            var email = app.Services.GetRequiredService<NotificationEmailRenderer>().Render(request, "ep.team@example.org");
            var link = ResponseLink().Match(email.Html);
            Assert.True(link.Success, "the advice request e-mail carries a response link");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await HeadlessChromium.LaunchAsync(playwright);
            var professional = await browser.NewPageAsync();
            var refused = new List<string>();
            professional.Console += (_, message) => { if (message.Type == "error") refused.Add(message.Text); };
            await professional.GotoAsync(WebUtility.HtmlDecode(link.Value));
            // GOV.UK Frontend ran from this host under the CSP: its inline script by hash, its module from 'self'.
            Assert.True(await professional.EvaluateAsync<bool>("document.body.classList.contains('govuk-frontend-supported')"),
                "the body carries govuk-frontend-supported (the hashed inline script ran)");
            Assert.Equal("rgb(255, 255, 255)", await professional.EvaluateAsync<string>("getComputedStyle(document.querySelector('.govuk-template__body')).backgroundColor"));
            Assert.Empty(refused);
            Assert.Equal(CaseId, await professional.InnerTextAsync("#case-ref"));
            await professional.ClickAsync("button[type=submit]");
            Assert.Contains("Recorded for case reference", await professional.InnerTextAsync("#confirmed"), StringComparison.Ordinal);

            // The advice ladder sees the advice arrive.
            await WaitForAsync(app.Services, async () =>
            {
                await foreach (var received in app.Services.GetRequiredService<IProcessedEventStore>().ForCaseAsync(CaseId))
                {
                    if (received.Type == "AdviceReceived")
                    {
                        return received;
                    }
                }

                return null;
            });

            // Following the same link again is refused.
            var again = await professional.GotoAsync(WebUtility.HtmlDecode(link.Value));
            Assert.Equal(409, again!.Status);

            // A member of staff signs in and finds the case, its notification and the events.
            var staff = await browser.NewPageAsync();
            await staff.GotoAsync(new Uri(baseUrl, "/dashboard").ToString());
            await staff.FillAsync("#password", TestHost.StaffPassword);
            await staff.ClickAsync("button[type=submit]");
            Assert.EndsWith("/dashboard", staff.Url, StringComparison.Ordinal);
            Assert.Equal("1", await staff.InnerTextAsync("#open-assessments"));

            await staff.ClickAsync("a[href='/dashboard/assessments']");
            Assert.Contains(CaseId, await staff.InnerTextAsync("#assessments"), StringComparison.Ordinal);

            await staff.GotoAsync(new Uri(baseUrl, $"/dashboard/cases/{CaseId}").ToString());
            var timeline = await staff.InnerTextAsync("#timeline");
            Assert.Contains("Received: Assessment requested", timeline, StringComparison.Ordinal);
            Assert.Contains("Sent: Advice requested", timeline, StringComparison.Ordinal);
            Assert.Contains("Received: Advice received", timeline, StringComparison.Ordinal);
        }
        catch (TimeoutException)
        {
            // What the host said explains a workflow that never got there.
            throw new TimeoutException(string.Join("\n", logs.Lines.Where(l => !l.StartsWith("Debug", StringComparison.Ordinal) && !l.StartsWith("Trace", StringComparison.Ordinal)).TakeLast(40)));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    static async Task<Notification?> FindAsync(IServiceProvider services, NotificationKind kind, string to)
    {
        await foreach (var sent in services.GetRequiredService<INotificationLog>().ForCaseAsync(CaseId))
        {
            if (sent.Kind == kind && sent.To.Contains(to))
            {
                return sent;
            }
        }

        return null;
    }

    /// <summary>Polls for work the background runtime does on its own (not a timed assertion): up to a minute.</summary>
    static async Task<T> WaitForAsync<T>(IServiceProvider services, Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + WorkflowDeadline;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The workflows did not get there within {WorkflowDeadline.TotalSeconds} s.");
    }

    [GeneratedRegex("""http://127\.0\.0\.1:\d+/respond/[^"'<\s]+""")]
    private static partial Regex ResponseLink();
}
