using System.Text;
using Xunit.Abstractions;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Functions.Imports;
using SendWorkflows.Functions.Tests.Web;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Functions.Triggers;
using SendWorkflows.Host.Intake;
using SendWorkflows.Host.Simulation;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Functions.Tests.EndToEnd;

/// <summary>
/// The Functions app end to end in this build (issue 14): its function classes in-process against Azurite and MailDev,
/// the workflows on the real Durable Task engine (<see cref="DurableTaskTestHost"/>). A caseload and a contacts file
/// dropped in the imports container start the plans; the timers start the council workflows and send the outbox,
/// each fired twice as Functions may; the notifications equal <c>simulate</c>'s for the same caseload and day; the
/// setting answers through the signed link its e-mail carries and the workflow records it; and the Dashboard function
/// returns the register. Before 07:00 UK time or on a day that is not a working day nothing is due yet, and the test
/// then checks the import, timers and register only (the comparison is of what is due, both ways).
/// </summary>
public sealed class FunctionsEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    Azurite azurite = null!;
    MailDev mailDev = null!;
    FunctionsOnTestHost app = null!;

    public async Task InitializeAsync()
    {
        // The app's stores use fixed table names, so this test has an Azurite of its own.
        azurite = await Azurite.StartAsync();
        mailDev = await MailDev.StartAsync();
        app = await FunctionsOnTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.ConnectionString,
            ["Email:Provider"] = "Smtp",
            ["Email:FromAddress"] = "send-workflows@council.example",
            ["Email:ContactAddress"] = "sen.team@council.example",
            ["Email:CouncilName"] = "Exampleshire County Council",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = mailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:MailDevApiUrl"] = mailDev.WebUrl.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await mailDev.DisposeAsync();
        await azurite.DisposeAsync();
    }

    [Fact]
    public async Task Files_dropped_in_the_imports_container_start_the_plans_whose_emails_equal_simulates_once_each_carry_working_links_and_fill_the_register()
    {
        var startedAt = DateTimeOffset.UtcNow;
        var today = ImportScenario.Today();
        var caseload = Encoding.UTF8.GetBytes(ImportScenario.Caseload(today));
        var contacts = Encoding.UTF8.GetBytes(ImportScenario.Contacts);
        var imports = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(ImportBlobs.ImportsContainer);
        await imports.CreateIfNotExistsAsync();
        await imports.UploadBlobAsync(ImportScenario.ContactsFile, BinaryData.FromBytes(contacts));
        await imports.UploadBlobAsync(ImportScenario.CaseloadFile, BinaryData.FromBytes(caseload));

        // Both files dropped at once: the triggers may fire in either order, here the caseload's first.
        var importFunctions = app.Function<ImportFunctions>();
        var caseloadResult = await importFunctions.FromBlobAsync(caseload, ImportScenario.CaseloadFile, app.Client, CancellationToken.None);
        var contactsResult = await importFunctions.FromBlobAsync(contacts, ImportScenario.ContactsFile, app.Client, CancellationToken.None);

        Assert.Equal(ImportStatus.Imported, caseloadResult.Status);
        Assert.Equal(new PlanCounts(Started: 2, Updated: 0, Unchanged: 0, Rejected: 1), caseloadResult.Report!.Plans);
        var problem = Assert.Single(caseloadResult.Report.Rejected);
        Assert.Equal(4, problem.Line);
        Assert.DoesNotContain("EF", problem.Reason, StringComparison.Ordinal);
        Assert.True(contactsResult.Repeat, "the contacts file was imported with the caseload, so its own trigger changes nothing");

        // The result blob and the dashboard's import log say the same.
        var written = await app.Services.GetRequiredService<ImportBlobs>().ReadResultAsync(ImportScenario.CaseloadFile, CancellationToken.None);
        Assert.Equal(caseloadResult.Report.Plans, written!.Report!.Plans);
        var logged = await app.Services.GetRequiredService<IImportLog>().LatestAsync(10);
        Assert.Equal(["blob:caseload-2026-12.csv", "blob:contacts.json"], logged.Select(r => $"{r.Channel}:{r.File}").Order());

        // At-least-once: the same blob fired again changes nothing more.
        var rejectedBefore = await CountAsync(app.Services.GetRequiredService<IRejectedEventStore>().AllAsync());
        var again = await importFunctions.FromBlobAsync(caseload, ImportScenario.CaseloadFile, app.Client, CancellationToken.None);
        Assert.True(again.Repeat);
        Assert.Equal(rejectedBefore, await CountAsync(app.Services.GetRequiredService<IRejectedEventStore>().AllAsync()));
        Assert.Equal(2, (await app.Services.GetRequiredService<IImportLog>().LatestAsync(10)).Count);

        // The daily timer, fired twice, starts each council workflow once.
        var timer = app.Function<EternalWorkflowsTimerFunction>();
        await Task.WhenAll(
            timer.RunAsync(new TimerInfo(), app.Client, CancellationToken.None),
            timer.RunAsync(new TimerInfo(), app.Client, CancellationToken.None));
        await timer.RunAsync(new TimerInfo(), app.Client, CancellationToken.None);
        foreach (var workflow in CouncilWorkflows.All)
        {
            Assert.NotNull(await app.Client.GetInstanceAsync(workflow.InstanceId));
        }

        var councilInstances = await CountAsync(app.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "council:" }));
        Assert.Equal(CouncilWorkflows.All.Count, councilInstances);

        // The notifications due by now equal simulate's for the same files and day (it runs to the end of the day).
        var expected = Due(await SimulateAsync(today, caseload, contacts), startedAt);
        var log = app.Services.GetRequiredService<INotificationLog>();
        IReadOnlyList<string> actual = [];
        await Poll.UntilAsync(async () =>
        {
            actual = Due(await ToListAsync(log.AllAsync()), startedAt);
            return actual.SequenceEqual(expected);
        }, Settle, $"the app's notifications to equal simulate's {expected.Count}");
        Assert.Equal(expected, actual);
        var firstNoticeDue = WorkflowCalendar.FireAtUtc(today) <= startedAt.UtcDateTime && WorkflowCalendar.SendDate(today) == today;
        if (firstNoticeDue)
        {
            // On a working day after 07:00 the overdue plan's first notice is due, so the comparison is not of two empty lists.
            Assert.Contains(actual, n => n.Contains(ImportScenario.OverduePlan, StringComparison.Ordinal));
        }

        // The outbox timer, fired twice at once and again, sends each recipient of each notification one e-mail.
        var outbox = app.Function<EmailOutboxTimerFunction>();
        await Task.WhenAll(outbox.RunAsync(new TimerInfo(), CancellationToken.None), outbox.RunAsync(new TimerInfo(), CancellationToken.None));
        await outbox.RunAsync(new TimerInfo(), CancellationToken.None);
        var notifications = await ToListAsync(log.AllAsync());
        var recipients = notifications.Sum(n => n.To.Concat(n.Cc).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var mails = await mailDev.MessagesAsync();
        output.WriteLine($"{actual.Count} notifications due by {startedAt:u} equal simulate's; {notifications.Count} recorded, {mails.Count} e-mails sent");
        Assert.Equal(recipients, mails.Count);
        Assert.All(mails, mail => Assert.DoesNotContain("EF", mail.GetProperty("subject").GetString()!, StringComparison.Ordinal));

        // The setting asked to fix the overdue plan's meeting answers through the signed link its e-mail carries.
        var firstNotice = notifications.SingleOrDefault(n => n.CaseId == ImportScenario.OverduePlan && n.Facts.RespondentEmail is not null);
        Assert.Equal(firstNoticeDue, firstNotice is not null);
        if (firstNotice is not null)
        {
            await AnswerThroughTheLinkAsync(firstNotice, today);
        }

        // The dashboard function returns the register: both loaded plans, not the rejected row.
        var register = await app.InvokeAsync((f, r, c) => f.DashboardAsync(r, c), "GET", "/dashboard/register", WebFunctionsHost.SignedIn("staff"));
        Assert.Equal(200, register.Status);
        Assert.Contains(ImportScenario.OverduePlan, register.Body, StringComparison.Ordinal);
        Assert.Contains(ImportScenario.DuePlan, register.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(ImportScenario.RejectedPlan, register.Body, StringComparison.Ordinal);

        // ...and the imports page shows the dropped files' loads with their counts (contract section 1).
        var importsPage = await app.InvokeAsync((f, r, c) => f.DashboardAsync(r, c), "GET", "/dashboard/imports", WebFunctionsHost.SignedIn("staff"));
        Assert.Equal(200, importsPage.Status);
        Assert.Contains("2 started", importsPage.Body, StringComparison.Ordinal);
    }

    async Task AnswerThroughTheLinkAsync(Notification firstNotice, DateOnly today)
    {
        var setting = firstNotice.Facts.RespondentEmail!;
        var link = app.Services.GetRequiredService<IResponseLinks>().LinkFor(firstNotice, setting);
        Assert.NotNull(link);
        var mail = Assert.Single(await mailDev.MessagesToAsync(setting));
        Assert.Contains(link.AbsolutePath, mail.GetProperty("text").GetString()!, StringComparison.Ordinal); // the e-mail carries it

        var register = app.Services.GetRequiredService<IPlanRegister>();
        var statusBefore = (await register.FindAsync(ImportScenario.OverduePlan))!.Entry.Status;
        var page = await app.InvokeAsync((f, r, c) => f.ResponseLinkPageAsync(r, c), "GET", link.AbsolutePath);
        Assert.Equal(200, page.Status);
        var token = page.FormToken!.Value;
        var answer = await app.InvokeAsync((f, r, c) => f.ResponseLinkAnswerAsync(r, c), "POST", link.AbsolutePath,
            new Dictionary<string, string> { ["Cookie"] = page.Cookies },
            new Dictionary<string, string> { [token.Name] = token.Value, ["meetingOn"] = today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(200, answer.Status);

        var linkId = SendWorkflows.Web.Links.SignedResponseLinks.LinkIdFor(firstNotice.Key, setting);
        Assert.True(await app.Services.GetRequiredService<Infrastructure.Tables.IProcessedEventStore>().WasProcessedAsync(ImportScenario.OverduePlan, "link-" + linkId));
        Assert.Contains("Recorded for case reference", answer.Body, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => (await register.FindAsync(ImportScenario.OverduePlan))!.Entry.Status != statusBefore,
            Settle, $"the review workflow to move the plan on from '{statusBefore}' with the meeting date the setting gave");
        output.WriteLine($"{ImportScenario.OverduePlan}: '{statusBefore}' -> '{(await register.FindAsync(ImportScenario.OverduePlan))!.Entry.Status}' after the setting's answer");
    }

    /// <summary>The same caseload and contacts through <c>simulate</c> over today alone.</summary>
    static async Task<IReadOnlyList<Notification>> SimulateAsync(DateOnly today, byte[] caseload, byte[] contacts)
    {
        var folder = Directory.CreateTempSubdirectory("sendworkflows-e2e-");
        try
        {
            var caseloadPath = Path.Combine(folder.FullName, ImportScenario.CaseloadFile);
            var contactsPath = Path.Combine(folder.FullName, ImportScenario.ContactsFile);
            await File.WriteAllBytesAsync(caseloadPath, caseload);
            await File.WriteAllBytesAsync(contactsPath, contacts);
            var result = await new Simulator(new SimulationOptions(caseloadPath, contactsPath, null, today, today, folder.FullName)).RunAsync();
            Assert.Empty(result.FailedWorkflows);
            return result.Notifications;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Notifications whose send time has come by <paramref name="now"/>, as sorted JSON (parallel ladders record in either order).</summary>
    static IReadOnlyList<string> Due(IEnumerable<Notification> notifications, DateTimeOffset now) =>
        [.. notifications.Where(n => WorkflowCalendar.FireAtUtc(n.On) <= now.UtcDateTime)
            .Select(n => OrchestrationJson.Serialize(n)).Order(StringComparer.Ordinal)];

    static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items) => (await ToListAsync(items)).Count;

    static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
