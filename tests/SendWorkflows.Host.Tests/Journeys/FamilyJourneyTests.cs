using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SendWorkflows.Domain;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// A family, on a phone, as they meet the service: told of the review decision, then sent the survey; they open its
/// link from the e-mail (MailDev) at 390 px wide, answer the two questions one page at a time, check their answers and
/// send them; the family KPIs on the dashboard move. A second use of the link is refused politely.
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed partial class FamilyJourneyTests(JourneyServices services)
{
    const string Parent = "parent.fj1@family.example.org";

    // Last review 1 July 2025 (Year 5, no phase transfer); the family's e-mail is on the caseload.
    const string Caseload = """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on,family_email
        F-P1,QF,2015-02-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-07-01,parent.fj1@family.example.org
        """;

    [Fact]
    public async Task The_family_answers_the_survey_on_a_phone_the_kpi_moves_and_the_link_then_refuses_politely()
    {
        // Its own storage: the KPI it waits for is council-wide, and other journeys' families on the shared Azurite
        // would hold it below 100% (the monthly report's journey sends surveys in the same months).
        await using var storage = await SendWorkflows.TestSupport.Azurite.StartAsync();
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero),
            $"--Storage:ConnectionString={storage.ConnectionString}");
        await host.PostContactsAsync();
        await host.PostCaseloadAsync(Caseload);
        await host.AdvanceToAsync(new DateOnly(2026, 3, 2));
        await host.PostEventsAsync(
            """{"id":"fj-s","type":"ReviewMeetingScheduled","caseId":"F-P1","on":"2026-03-02","meetingOn":"2026-03-09"}""");
        await host.AdvanceToAsync(new DateOnly(2026, 3, 9));
        await host.PostEventsAsync("""{"id":"fj-h","type":"ReviewMeetingHeld","caseId":"F-P1","on":"2026-03-09"}""");
        await host.AdvanceToAsync(new DateOnly(2026, 3, 16));
        await host.PostEventsAsync("""{"id":"fj-d","type":"ReviewDecision","caseId":"F-P1","on":"2026-03-16","decision":"maintain"}""");
        await host.AdvanceToAsync(new DateOnly(2026, 3, 17));

        // The decision's notice, in words for a parent, with the date to appeal by and the SENDIASS.
        var decision = await host.MailAsync(Parent, "We will keep your child's EHC plan as it is", "F-P1");
        Assert.Contains("You must appeal by 16 May 2026", decision.Text, StringComparison.Ordinal);
        Assert.Contains("SENDIASS", decision.Text, StringComparison.Ordinal);

        // Two weeks later: the survey.
        await host.AdvanceToAsync(new DateOnly(2026, 3, 30));
        var survey = await host.MailAsync(Parent, "2 questions about how we worked with you", "F-P1");
        var link = SurveyLinkIn(survey);
        var staff = await host.SignInAsync();
        Assert.Equal("0%", (await staff.InnerTextAsync("#kpi-family-response")).Trim().Split('\n')[0]);

        var phone = await host.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var opened = await phone.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        Assert.Equal("Were you fully involved in decisions about your child's plan?", (await phone.InnerTextAsync("h1")).Trim());
        await AssertFitsThePhoneAsync(phone);

        // Continuing without an answer says what to do, at the top and at the question.
        await phone.ClickAsync("button[type=submit]");
        Assert.Contains("Select yes if you were fully involved", await phone.InnerTextAsync(".govuk-error-summary"), StringComparison.Ordinal);

        await phone.CheckAsync("#involved");
        await phone.ClickAsync("button[type=submit]");
        Assert.Equal("Was our communication with you good?", (await phone.InnerTextAsync("h1")).Trim());
        await phone.CheckAsync("#communicationGood-no");
        await phone.ClickAsync("button[type=submit]");

        Assert.Equal("Check your answers", (await phone.InnerTextAsync("h1")).Trim());
        Assert.Equal(("Yes", "No"), ((await phone.InnerTextAsync("#answer-involved")).Trim(), (await phone.InnerTextAsync("#answer-communication")).Trim()));
        await AssertFitsThePhoneAsync(phone);
        await phone.ClickAsync("button:has-text('Send answers')");
        Assert.Contains("We have your answers", await phone.InnerTextAsync("#confirmed"), StringComparison.Ordinal);

        // The KPIs move: 1 of 1 answered, fully involved, communication not good.
        await host.AdvanceToAsync(new DateOnly(2026, 3, 30));
        await host.UntilAsync(async () =>
        {
            await staff.ReloadAsync();
            return (await staff.InnerTextAsync("#kpi-family-response")).Trim().Split('\n')[0] == "100%";
        }, "the family survey response rate to reach 100%");
        Assert.Equal("100%", (await staff.InnerTextAsync("#kpi-family-involved")).Trim().Split('\n')[0]);
        Assert.Equal("0%", (await staff.InnerTextAsync("#kpi-family-communication")).Trim().Split('\n')[0]);
        Assert.Contains(await host.NotificationsAsync("F-P1"), n => n.Kind == NotificationKind.FamilySurvey);

        // The same link again: refused, politely, with nothing of the case shown.
        var again = await host.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var second = await again.GotoAsync(link);
        Assert.Equal((int)HttpStatusCode.Conflict, second!.Status);
        Assert.Equal("You have already answered", (await again.InnerTextAsync("h1")).Trim());
        Assert.Contains("Thank you", await again.InnerTextAsync("#refused"), StringComparison.Ordinal);
    }

    /// <summary>Nothing wider than the phone: no sideways scrolling.</summary>
    static async Task AssertFitsThePhoneAsync(IPage page)
    {
        const string Wider = "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
            + ".map(e => `${e.tagName}.${e.className}#${e.id} right ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 6).join(' | ')";
        var wider = await page.EvaluateAsync<string>(Wider);
        Assert.True(wider.Length == 0, $"the page scrolls sideways at 390 px: {wider}");
    }

    static string SurveyLinkIn(ReceivedMail mail)
    {
        var link = SurveyLink().Match(mail.Html);
        Assert.True(link.Success, $"the e-mail '{mail.Subject}' carries a survey link");
        return WebUtility.HtmlDecode(link.Value);
    }

    [GeneratedRegex("""http://127\.0\.0\.1:\d+/survey/[^"'<\s]+""")]
    private static partial Regex SurveyLink();
}
