using SendWorkflows.Domain;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// A school's SENCo and the professionals of an annual review, as they meet the service: the review-upcoming and
/// meeting-not-arranged e-mails' links take the meeting date, which starts the review advice requests (whose link
/// records the advice) and stops the chasing; the report chase's link records the report. The SEN manager is told
/// of the review nobody answered for and finds it on the dashboard.
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed class SchoolJourneyTests(JourneyServices services)
{
    const string Senco = "senco@oak.example.org";

    // Reviews due 1 July 2026 (last review 1 July 2025, Year 5: no phase transfer): upcoming 22 April, not arranged 20 May, escalated 3 June.
    const string Caseload = """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on,contributors
        J-P1,QA,2015-02-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-07-01,health
        J-P2,QB,2015-03-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-07-01,health
        J-P3,QC,2015-04-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-07-01,health
        """;

    [Fact]
    public async Task Review_links_take_the_meeting_date_advice_and_report_and_stop_the_chasing()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        await host.PostContactsAsync();
        await host.PostCaseloadAsync(Caseload);

        // 22 April: "Annual review due". The SENCo follows the link and gives the meeting date (24 June).
        await host.AdvanceToAsync(new DateOnly(2026, 4, 22));
        var upcoming = await host.MailAsync(Senco, "Annual review due", "case J-P1");
        var page = await host.NewPageAsync();
        var response = await page.GotoAsync(JourneyHost.LinkIn(upcoming));
        Assert.Equal(200, response!.Status);
        Assert.Equal("1 July 2026", await page.InnerTextAsync("#due"));
        await ProfessionalJourneyTests.ConfirmAsync(page, meetingOn: "2026-06-24");

        // The meeting date starts the review advice request; the professional's link records the advice.
        var adviceRequest = await host.MailAsync("health.team@example.org", "Advice for annual review", "case J-P1");
        var advicePage = await host.NewPageAsync();
        await advicePage.GotoAsync(JourneyHost.LinkIn(adviceRequest));
        Assert.Contains("24 June 2026", await advicePage.InnerTextAsync("#what"), StringComparison.Ordinal);
        Assert.Equal("10 June 2026", await advicePage.InnerTextAsync("#due"));
        await ProfessionalJourneyTests.ConfirmAsync(advicePage);
        var ladder = (await host.NotificationsAsync("J-P1")).Single(n => n.Kind == NotificationKind.ReviewAdviceRequest).Facts.AwaitingInstanceId!;
        await host.UntilCompletedAsync(ladder);

        // 20 May: "not arranged" for the two still without a date; J-P2's SENCo answers that one.
        await host.AdvanceToAsync(new DateOnly(2026, 5, 20));
        var notArranged = await host.MailAsync(Senco, "Review meeting not arranged", "case J-P2");
        var page2 = await host.NewPageAsync();
        await page2.GotoAsync(JourneyHost.LinkIn(notArranged));
        await ProfessionalJourneyTests.ConfirmAsync(page2, meetingOn: "2026-06-30");
        Assert.DoesNotContain(await host.NotificationsAsync("J-P1"), n => n.Kind == NotificationKind.ReviewMeetingNotScheduled);

        // 3 June: only J-P3 is escalated to the SEN manager; J-P1's answered advice is not reminded.
        await host.AdvanceToAsync(new DateOnly(2026, 6, 3));
        await host.MailAsync("sen.manager@council.example.org", "Review meeting still not arranged", "case J-P3");
        foreach (var answered in new[] { "J-P1", "J-P2" })
        {
            Assert.DoesNotContain(await host.NotificationsAsync(answered), n => n.Kind == NotificationKind.ReviewEscalation);
        }

        Assert.DoesNotContain(await host.NotificationsAsync("J-P1"), n => n.Kind == NotificationKind.AdviceReminder);

        // 9 July (meeting + 15 days): the report chase; the SENCo confirms the report through its link.
        await host.AdvanceToAsync(new DateOnly(2026, 7, 9));
        var report = await host.MailAsync(Senco, "Review report overdue", "case J-P1");
        var page3 = await host.NewPageAsync();
        await page3.GotoAsync(JourneyHost.LinkIn(report));
        await ProfessionalJourneyTests.ConfirmAsync(page3);

        // The SEN manager signs in: J-P3 is escalated on the register; J-P1's page shows what the school sent.
        var staff = await host.SignInAsync();
        await staff.ClickAsync("a[href='/dashboard/register']");
        Assert.Matches("J-P3[^\n]*Escalated", await staff.InnerTextAsync("main"));
        await host.UntilAsync(async () => (await host.CaseTimelineAsync(staff, "J-P1")).Contains("Received: Review report received", StringComparison.Ordinal),
            "the report to reach J-P1's case page", "J-P1");
        var timeline = await host.CaseTimelineAsync(staff, "J-P1");
        Assert.Contains("Received: Review meeting scheduled", timeline, StringComparison.Ordinal);
        Assert.Contains("Received: Advice received", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_overdue_on_arrival_says_nobody_was_chased_and_the_copied_school_answers_through_its_own_link()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));
        await host.PostContactsAsync();
        await host.PostCaseloadAsync("""
            plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on
            J-P4,QD,2015-02-03,5,Elm Primary,senco@elm.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-01-10
            """);
        await host.AdvanceToAsync(new DateOnly(2026, 3, 2));

        // The SEN manager is told the truth: overdue on arrival, nobody chased yet, the setting asked now.
        var manager = await host.MailAsync("sen.manager@council.example.org", "case J-P4");
        Assert.Contains("overdue on arrival", manager.Subject, StringComparison.Ordinal);
        Assert.Contains("Nobody has been chased about it yet", manager.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("has not given us a date", manager.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/respond/", manager.Html, StringComparison.Ordinal);

        // The school, copied in, is asked in its own words and answers through its own link.
        var school = await host.MailAsync("senco@elm.example.org", "case J-P4");
        Assert.Contains("Please fix the meeting date", school.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Please follow this up", school.Text, StringComparison.Ordinal);
        var page = await host.NewPageAsync();
        await page.GotoAsync(JourneyHost.LinkIn(school));
        await ProfessionalJourneyTests.ConfirmAsync(page, meetingOn: "2026-03-20");

        var staff = await host.SignInAsync();
        await host.UntilAsync(async () => (await host.CaseTimelineAsync(staff, "J-P4")).Contains("Received: Review meeting scheduled", StringComparison.Ordinal),
            "the meeting date to reach J-P4's case page", "J-P4");
    }
}
