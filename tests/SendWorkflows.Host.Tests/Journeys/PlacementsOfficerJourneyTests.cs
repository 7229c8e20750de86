using System.Net;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using SendWorkflows.Domain;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// The placements officer, as they meet the service under serve (issue 15): a plan placed out of area gets
/// MonitoringVisitDue four weeks before the visit is due; the officer opens it in MailDev, follows its signed link in
/// Chromium, records the visit, and the register shows the visit and the next due date a year on. The link then says
/// politely that it has been used. Both pages pass axe.
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed class PlacementsOfficerJourneyTests(JourneyServices services)
{
    const string Officer = "placements.officer@council.example.org";

    const string Contacts = """
        {"contacts": {
           "ep": {"role": "educational_psychology", "email": "ep.team@example.org", "manager": "ep.manager@example.org", "seniorLead": "ep.lead@example.org"}},
         "senManager": "sen.manager@council.example.org", "assistantDirector": "ad@council.example.org",
         "placementsOfficer": "placements.officer@council.example.org"}
        """;

    // Last visited 15 April 2025: the next visit is due on 15 April 2026, so MonitoringVisitDue goes on 18 March 2026.
    const string Caseload = """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on,last_monitoring_visit_on
        J-V1,QV,2012-05-03,8,Moorland House,office@moorland.example.org,out_of_area,away.cw@council.example.org,2021-06-01,2025-07-01,2025-04-15
        """;

    [Fact]
    public async Task The_officer_records_a_visit_from_the_emails_link_the_register_moves_the_next_visit_a_year_on_and_the_link_is_then_refused_politely()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        var contacts = await host.Api.PostAsync("/api/contacts", new StringContent(Contacts, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, contacts.StatusCode);
        await host.PostCaseloadAsync(Caseload);

        await host.AdvanceToAsync(new DateOnly(2026, 3, 18));
        var due = await host.MailAsync(Officer, "Monitoring visit due", "case J-V1");
        Assert.Contains("15 April 2026", due.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2012-05-03", due.Text, StringComparison.Ordinal); // initials and case reference only

        var link = JourneyHost.LinkIn(due);
        var page = await host.NewPageAsync();
        await page.GotoAsync(link);
        Assert.Equal("J-V1", await page.InnerTextAsync("#case-ref"));
        await AssertAccessibleAsync(page, "the visit page");
        await page.FillAsync("#visitedOn", "2026-03-16");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Recorded for case reference", await page.InnerTextAsync("#confirmed"), StringComparison.Ordinal);

        var staff = await host.SignInAsync();
        var register = new Uri(host.BaseUrl, "/dashboard/register?q=J-V1").ToString();
        var row = "";
        await host.UntilAsync(async () =>
        {
            await staff.GotoAsync(register);
            row = await staff.InnerTextAsync("#register tbody");
            return row.Contains("16 Mar 2027", StringComparison.Ordinal);
        }, "the recorded visit and the next due date on the register");
        Assert.Contains("16 Mar 2026", row, StringComparison.Ordinal);
        Assert.DoesNotContain("15 Apr 2026", row, StringComparison.Ordinal);
        Assert.Contains("Not yet due", row, StringComparison.Ordinal);

        var again = await host.NewPageAsync();
        var refused = await again.GotoAsync(link);
        Assert.Equal((int)HttpStatusCode.Conflict, refused!.Status);
        Assert.Equal("This link has already been used", (await again.InnerTextAsync("h1")).Trim());
        Assert.Contains("was already recorded through this link. Nothing more is needed.", await again.InnerTextAsync("#refused"), StringComparison.Ordinal);
        await AssertAccessibleAsync(again, "the used link's page");

        // The visit restarted the year: nothing overdue follows the old due date.
        await host.AdvanceToAsync(new DateOnly(2026, 4, 20));
        Assert.DoesNotContain(await host.NotificationsAsync("J-V1"), n => n.Kind == NotificationKind.MonitoringVisitOverdue);
    }

    static async Task AssertAccessibleAsync(Microsoft.Playwright.IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Help})").ToList();
        Assert.True(serious.Count == 0, $"{what}: {string.Join("; ", serious)}");
    }
}
