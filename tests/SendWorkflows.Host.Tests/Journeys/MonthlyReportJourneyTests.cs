using System.Text.RegularExpressions;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// The assistant director's monthly report under <c>serve</c> (contract section 4, issue 17): on the first working
/// day of a month the e-mail for the month just ended arrives through MailDev; its figures are the ones the
/// dashboard shows in Chromium for the same periods on the same day; and it names no child.
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed partial class MonthlyReportJourneyTests(JourneyServices services)
{
    const string Director = "ad.monthly@council.example.org";

    // Two reviews overdue by March 2026 (last reviewed in January 2025), one not yet due, one held and decided in February.
    const string Caseload = """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on
        J-R1,QM,2014-04-05,6,Ash Primary,senco@ash.example.org,mainstream,caseworker@council.example.org,2021-01-10,2025-01-10
        J-R2,QN,2013-05-06,7,Ash Primary,senco@ash.example.org,mainstream,caseworker@council.example.org,2021-01-20,2025-01-20
        J-R3,QP,2016-06-07,4,Ash Primary,senco@ash.example.org,mainstream,caseworker@council.example.org,2022-09-01,2025-09-01
        J-R4,QR,2015-07-08,5,Ash Primary,senco@ash.example.org,mainstream,caseworker@council.example.org,2022-02-23,2025-02-23
        """;

    [Fact]
    public async Task The_first_working_day_s_report_has_the_dashboard_s_figures_for_the_month_and_the_year_and_no_child_s_details()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 2, 2, 6, 0, 0, TimeSpan.Zero));
        await host.PostContactsAsync(assistantDirector: Director);
        await host.PostCaseloadAsync(Caseload);
        // J-R4's review (due 23 February) is held on 9 February and decided on 16 February: one review on time in the month.
        await host.PostEventsAsync("""{"id":"mr-s","type":"ReviewMeetingScheduled","caseId":"J-R4","on":"2026-02-02","meetingOn":"2026-02-09"}""");
        await host.AdvanceToAsync(new DateOnly(2026, 2, 9));
        await host.PostEventsAsync("""{"id":"mr-h","type":"ReviewMeetingHeld","caseId":"J-R4","on":"2026-02-09"}""");
        await host.AdvanceToAsync(new DateOnly(2026, 2, 16));
        await host.PostEventsAsync("""{"id":"mr-d","type":"ReviewDecision","caseId":"J-R4","on":"2026-02-16","decision":"maintain"}""");

        // Monday 2 March 2026 is the first working day after February: the report for February goes out.
        await host.AdvanceToAsync(new DateOnly(2026, 3, 2));
        var mail = await host.MailAsync(Director, "Monthly SEND report", "February 2026");
        // The text part aligns its facts in columns ("Reviews overdue:     2 on ..."): compare words, not spacing.
        var text = Spaces().Replace(mail.Text, " ");

        var staff = await host.SignInAsync();
        await staff.GotoAsync(new Uri(host.BaseUrl, "/dashboard?period=month&month=2026-02").ToString());
        var month = await TilesAsync(staff);
        await staff.GotoAsync(new Uri(host.BaseUrl,
            "/dashboard?period=custom&from-day=1&from-month=9&from-year=2025&to-day=28&to-month=2&to-year=2026").ToString());
        var yearToDate = await TilesAsync(staff);

        Assert.NotEqual("none due", month["kpi-reviews"]); // a figure to compare, not only "none due" on both sides
        // The headline facts: the backlog on the day and the new plans of the month and of the year to date.
        // At least this caseload's two late reviews (journeys share one Azurite, so other journeys' plans may add to it).
        Assert.True(int.Parse(month["kpi-backlog"], System.Globalization.CultureInfo.InvariantCulture) >= 2, $"backlog {month["kpi-backlog"]}");
        Assert.Contains($"Reviews overdue: {month["kpi-backlog"]} on 2 March 2026", text, StringComparison.Ordinal);
        Assert.Contains($"New plans issued: {month["issued"]} in February 2026", text, StringComparison.Ordinal);
        Assert.Contains($"New plans this year: {yearToDate["issued"]} in 2025/26 to 28 February 2026", text, StringComparison.Ordinal);
        // Each limit in the table: the month's and the year to date's figure, as the dashboard's tiles give them.
        foreach (var (measure, tile) in new[]
        {
            ("New plans issued within 20 weeks", "kpi-new-plans"),
            ("New plans within 20 weeks, excluding exceptions", "kpi-new-plans-excluding"),
            ("Annual reviews on time", "kpi-reviews"),
            ("Amended plans within 12 weeks of the meeting", "kpi-amended"),
        })
        {
            var line = Line(text, measure);
            Assert.StartsWith($"- {measure}: February 2026 {month[tile]}; February 2025 ", line, StringComparison.Ordinal);
            Assert.Contains($"; 2025/26 to 28 February 2026 {yearToDate[tile]}; ", line, StringComparison.Ordinal);
        }

        // No child is named: no plan id, initials, date of birth or setting of the caseload in either part.
        foreach (var personal in new[] { "J-R1", "J-R2", "J-R3", "J-R4", "QM", "QN", "QP", "QR", "2014-04-05", "5 April 2014", "Ash Primary" })
        {
            Assert.DoesNotContain(personal, mail.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(personal, mail.Html, StringComparison.Ordinal);
        }
    }

    /// <summary>The KPI tiles as the e-mail words them ("80% (8 of 10)", "none due"), and the new plans issued.</summary>
    static async Task<Dictionary<string, string>> TilesAsync(Microsoft.Playwright.IPage page)
    {
        var tiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in new[] { "kpi-new-plans", "kpi-new-plans-excluding", "kpi-reviews", "kpi-amended", "kpi-backlog" })
        {
            var text = (await page.InnerTextAsync("#" + id)).Trim();
            var rate = TileRate().Match(text);
            tiles[id] = text.StartsWith("n/a", StringComparison.Ordinal) ? "none due"
                : rate.Success ? $"{rate.Groups[1].Value} ({rate.Groups[2].Value} of {rate.Groups[3].Value})"
                : text;
        }

        var issued = Issued().Match(await page.InnerTextAsync("main"));
        Assert.True(issued.Success, "the dashboard says how many new plans were issued");
        tiles["issued"] = issued.Groups[1].Value;
        return tiles;
    }

    static string Line(string text, string measure) =>
        text.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith($"- {measure}:", StringComparison.Ordinal));

    [GeneratedRegex(@"^([0-9.]+%)\s+([0-9]+) of ([0-9]+)$")]
    private static partial Regex TileRate();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\(([0-9]+) issued;")]
    private static partial Regex Issued();
}
