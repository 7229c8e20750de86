using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Runtime;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// A newcomer's first minute of <c>./run-local</c>: the demo is held on its first case-clock day (clock speed 1),
/// and that day alone must bring a professional an advice request with a working link, a reminder and an
/// overdue notice with its escalation, while the SEN manager gets a handful of backlog escalations, not 50.
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed class DemoJourneyTests(JourneyServices services)
{
    [Fact]
    public async Task The_first_demo_day_shows_a_working_request_a_reminder_and_an_escalation_and_a_small_backlog()
    {
        // Its own Azurite: the demo loads only into an empty store, as on a first ./run-local.
        await using var storage = await Azurite.StartAsync();
        await using var host = await JourneyHost.StartDemoAsync(services,
            $"--Storage:ConnectionString={storage.ConnectionString}", "--Demo:ClockSpeed=1", "--Demo:AcademicYear=2026", "--Demo:Plans=300", "--Demo:Requests=5");
        var contacts = host.Get<SendWorkflows.Workflows.IContactsDirectorySource>();
        await host.UntilAsync(async () => await contacts.ExistsAsync() && (await contacts.GetAsync()).Contacts.Count > 0, "the demo's contacts");
        var professional = (await contacts.GetAsync()).Contacts.Values.Where(c => c.Key.StartsWith("ep-", StringComparison.Ordinal)).OrderBy(c => c.Key, StringComparer.Ordinal).First().Email;

        var request = await host.MailAsync(professional, "Advice requested", $"case {DemoOpening.CasePrefix}001");
        var page = await host.NewPageAsync();
        var opened = await page.GotoAsync(JourneyHost.LinkIn(request));
        Assert.Equal(200, opened!.Status);
        Assert.Equal($"{DemoOpening.CasePrefix}001", await page.InnerTextAsync("#case-ref"));

        await host.MailAsync(professional, "Advice due soon", $"case {DemoOpening.CasePrefix}002");
        await host.MailAsync(professional, "Advice overdue", $"case {DemoOpening.CasePrefix}003");
        await host.MailAsync("ep.manager@council.example", "Advice overdue from your team", $"case {DemoOpening.CasePrefix}003");

        // Still the first case-clock day. The generated caseload has dozens of reviews overdue on arrival; the SEN
        // manager's day one brings the three the demo keeps, each escalated once.
        Assert.Equal(new DateOnly(2026, 9, 1), host.Today);
        var generated = new CaseloadGenerator(new DemoOptions().Seed).Generate(2026, 300, 5);
        Assert.True(generated.Plans.Count(p => DemoOpening.IsEscalatedOnArrival(p, generated.LoadedOn)) > 20, "the generated backlog would flood the SEN manager");
        var loaded = DemoOpening.WithSmallBacklog(generated, generated.LoadedOn, new DemoOptions().OverdueOnArrival).Plans.Count;
        await host.UntilAsync(async () => await CountAsync(host.Get<IPlanRegister>().AllAsync()) == loaded, $"all {loaded} plans on the register");
        await host.Get<EmbeddedDurableRuntime>().RunUntilIdleAsync();
        Assert.Equal(3, (await host.NotificationsOfKindAsync(NotificationKind.ReviewEscalation)).Count);
        await host.UntilAsync(async () => (await host.SubjectsAsync("sen.manager@council.example")).Count(IsBacklogEscalation) == 3,
            "the three backlog escalations");
    }

    static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items)
        {
            count++;
        }

        return count;
    }

    static bool IsBacklogEscalation(string subject) =>
        subject.Contains("overdue on arrival", StringComparison.Ordinal) || subject.Contains("Review meeting still not arranged", StringComparison.Ordinal);
}
