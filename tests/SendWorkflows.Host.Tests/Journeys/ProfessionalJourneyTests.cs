using SendWorkflows.Domain;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// Professionals asked for assessment advice, as they meet the service: the request, the reminder and the overdue
/// notice each arrive in MailDev with a link; following it and confirming records the advice and stops the chasing.
/// The caseworker, the SEN manager and the senior lead get theirs and find the case on the dashboard.
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed class ProfessionalJourneyTests(JourneyServices services)
{
    const string Professional = "ep.team@example.org";

    [Fact]
    public async Task Each_advice_chase_link_records_the_advice_and_the_chasing_stops_while_unanswered_advice_is_escalated()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        await host.PostContactsAsync();
        string[] cases = ["J-A1", "J-B1", "J-C1", "J-D1"];
        await host.PostEventsAsync([.. cases.SelectMany(c => new[]
        {
            SampleEvents.AssessmentRequested(id: $"{c}-req", caseId: c),
            SampleEvents.AdviceRequested(id: $"{c}-adv", caseId: c),
        })]);

        // 3 March: the request. The professional follows its link and reads what is asked, by when and where it goes.
        await host.AdvanceToAsync(new DateOnly(2026, 3, 3));
        var request = await host.MailAsync(Professional, "Advice requested", "case J-A1");
        var page = await host.NewPageAsync();
        await page.GotoAsync(JourneyHost.LinkIn(request));
        Assert.Equal("J-A1", await page.InnerTextAsync("#case-ref"));
        Assert.Contains("needs assessment", await page.InnerTextAsync("#what"), StringComparison.Ordinal);
        Assert.Equal("14 April 2026", await page.InnerTextAsync("#due"));
        Assert.Contains("Send your advice", await page.InnerTextAsync("#where"), StringComparison.Ordinal);
        await ConfirmAsync(page);
        await host.UntilCompletedAsync("assessment:J-A1:advice:ep");

        // 31 March (due - 14 days): reminders, answered through the reminder's own link; none to J-A1.
        await host.AdvanceToAsync(new DateOnly(2026, 3, 31));
        await FollowAndConfirmAsync(host, await host.MailAsync(Professional, "Advice due soon", "case J-B1"));
        await host.UntilCompletedAsync("assessment:J-B1:advice:ep");
        Assert.DoesNotContain(await host.NotificationsAsync("J-A1"), n => n.Kind == NotificationKind.AdviceReminder);

        // 15 April (due + 1): overdue notices and escalations to the manager; J-C1 answers its overdue notice.
        await host.AdvanceToAsync(new DateOnly(2026, 4, 15));
        await FollowAndConfirmAsync(host, await host.MailAsync(Professional, "Advice overdue", "case J-C1"));
        await host.UntilCompletedAsync("assessment:J-C1:advice:ep");
        await host.MailAsync("ep.manager@example.org", "Advice overdue from your team", "case J-D1");
        foreach (var answered in new[] { "J-A1", "J-B1" })
        {
            Assert.DoesNotContain(await host.NotificationsAsync(answered), n => n.Kind is NotificationKind.AdviceOverdue or NotificationKind.AdviceEscalation);
        }

        // 27 April (due + 10 and after): only the unanswered J-D1 reaches the senior lead.
        await host.AdvanceToAsync(new DateOnly(2026, 4, 27));
        await host.MailAsync("ep.lead@example.org", "Advice still overdue", "case J-D1");
        Assert.DoesNotContain(await host.NotificationsAsync("J-C1"), n => n.Kind == NotificationKind.AdviceSeniorEscalation);

        // The senior lead (staff) signs in and finds the chase on the case page; the answered cases show the advice.
        var staff = await host.SignInAsync();
        Assert.Contains("Sent: Advice still overdue", await host.CaseTimelineAsync(staff, "J-D1"), StringComparison.Ordinal);
        foreach (var answered in new[] { "J-A1", "J-B1", "J-C1" })
        {
            Assert.Contains("Received: Advice received", await host.CaseTimelineAsync(staff, answered), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_caseworker_and_the_sen_manager_get_their_reminders_and_find_the_case_on_the_dashboard()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        await host.PostContactsAsync();
        await host.PostEventsAsync(SampleEvents.AssessmentRequested(id: "J-E1-req", caseId: "J-E1"));

        // No decision by the 6-week limit (13 April): the caseworker is reminded first, the SEN manager told after.
        await host.AdvanceToAsync(new DateOnly(2026, 4, 15));
        var reminder = await host.MailAsync("caseworker@council.example.org", "Decision due", "case J-E1");
        Assert.Contains("J-E1", reminder.Text, StringComparison.Ordinal);
        await host.MailAsync("sen.manager@council.example.org", "Statutory deadline missed", "case J-E1");

        var staff = await host.SignInAsync();
        await staff.ClickAsync("a[href='/dashboard/assessments']");
        Assert.Contains("J-E1", await staff.InnerTextAsync("#assessments"), StringComparison.Ordinal);
        var timeline = await host.CaseTimelineAsync(staff, "J-E1");
        Assert.Contains("Sent: Decision due", timeline, StringComparison.Ordinal);
        Assert.Contains("Sent: Statutory deadline missed", timeline, StringComparison.Ordinal);
    }

    static async Task FollowAndConfirmAsync(JourneyHost host, ReceivedMail mail)
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync(JourneyHost.LinkIn(mail));
        await ConfirmAsync(page);
    }

    internal static async Task ConfirmAsync(Microsoft.Playwright.IPage page, string? meetingOn = null)
    {
        if (meetingOn is not null)
        {
            await page.FillAsync("#meetingOn", meetingOn);
        }

        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Recorded for case reference", await page.InnerTextAsync("#confirmed"), StringComparison.Ordinal);
    }
}
