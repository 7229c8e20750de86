using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SendWorkflows.Host.Intake;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// The administrator under <c>serve</c> (issue 14, ADR 0110): uploads a caseload with one bad row from the browser,
/// sees the load's result and the rejected row, corrects the row on its page (first wrongly, then rightly) and finds
/// the plan on the register; the item stays, marked resolved, with nothing personal kept. A member of staff is
/// refused the upload form and sees no correction form. Every new page passes axe.
/// </summary>
[Collection(JourneyServices.Collection)]
public sealed class AdminJourneyTests(JourneyServices services)
{
    const string AdminPassword = "journey administrator password 58";

    // J-A2's setting type is not one the contract knows: the row is rejected, J-A1 loads.
    const string Caseload = """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on
        J-A1,QA,2014-02-03,6,Oak Primary,senco@oak.example.org,mainstream,admin.cw@council.example.org,2022-06-01,2025-07-01
        J-A2,QB,2015-04-05,5,Elm Primary,senco@elm.example.org,academy,admin.cw@council.example.org,2022-09-01,2025-09-15
        """;

    [Fact]
    public async Task An_admin_uploads_a_caseload_corrects_its_bad_row_and_the_plan_reaches_the_register_while_staff_are_refused_the_form()
    {
        await using var host = await JourneyHost.StartAsync(services, new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero), $"--Auth:AdminPassword={AdminPassword}");
        var admin = await host.SignInAsync(AdminPassword);
        var axe = new List<string>();

        // Imports page -> "Import files" -> both files, contacts first.
        await admin.GotoAsync(new Uri(host.BaseUrl, "/dashboard/imports").ToString());
        await admin.ClickAsync("#import-files");
        await admin.WaitForURLAsync("**/dashboard/imports/new");
        await CheckAsync(admin, "upload form", axe);
        await admin.ClickAsync("button[type=submit]");
        Assert.Contains("Select a caseload CSV file or a contacts JSON file", await admin.InnerTextAsync(".govuk-error-summary"), StringComparison.Ordinal);
        await CheckAsync(admin, "upload form with an error", axe);
        await admin.SetInputFilesAsync("#contacts", new FilePayload { Name = "contacts.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(SampleEvents.Contacts) });
        await admin.SetInputFilesAsync("#caseload", new FilePayload { Name = "caseload-march.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Caseload) });
        await admin.ClickAsync("button[type=submit]");

        // The result: counts of contract section 1 and the rejected row by line, field and reason.
        await admin.Locator("main h1:text('Import result'), .govuk-error-summary, main h1:text('Something went wrong')").First.WaitForAsync();
        Assert.True(await admin.Locator("#caseload-counts").CountAsync() == 1, await admin.InnerTextAsync("main") + host.LastWarnings);
        var counts = await admin.InnerTextAsync("#caseload-counts");
        Assert.Matches(@"Started\s+1", counts);
        Assert.Matches(@"Rejected\s+1", counts);
        var rejectedRow = await admin.InnerTextAsync("#caseload-rejected tbody");
        Assert.Contains("setting_type", rejectedRow, StringComparison.Ordinal);
        Assert.Contains("J-A2", rejectedRow, StringComparison.Ordinal);
        Assert.DoesNotContain("QB", rejectedRow, StringComparison.Ordinal);
        await CheckAsync(admin, "import result", axe);

        // The overview counts the row, open; then the row's page, by the result's link: reason and content without
        // personal values, and the correction form.
        var itemLink = await admin.GetAttributeAsync("#caseload-rejected tbody a", "href");
        Assert.Equal("1 rejected event (1 still open)", await RejectedTileAsync(host, admin));
        await admin.GotoAsync(new Uri(host.BaseUrl, itemLink).ToString());
        Assert.Contains("setting_type", await admin.InnerTextAsync("#rejected-reason"), StringComparison.Ordinal);
        var raw = await admin.InnerTextAsync("#rejected-raw");
        Assert.Contains("\"setting_type\":\"academy\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("QB", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("senco@elm", raw, StringComparison.Ordinal);
        Assert.Equal("academy", await admin.InputValueAsync("#value-setting_type"));
        Assert.Equal("", await admin.InputValueAsync("#value-child_initials"));
        await CheckAsync(admin, "rejected item with its correction form", axe);
        var itemUrl = admin.Url;

        // A first attempt still wrong: the error summary names the field, nothing is loaded.
        await admin.FillAsync("#value-setting_type", "mainstream");
        await admin.FillAsync("#value-child_initials", "QB");
        await admin.FillAsync("#value-date_of_birth", "2015-04-31");
        await admin.FillAsync("#value-setting_email", "senco@elm.example.org");
        await admin.FillAsync("#value-caseworker_email", "admin.cw@council.example.org");
        await admin.ClickAsync("#correct-form button[type=submit]");
        var summary = await admin.InnerTextAsync(".govuk-error-summary");
        Assert.Contains("date_of_birth", summary, StringComparison.Ordinal);
        Assert.Equal("mainstream", await admin.InputValueAsync("#value-setting_type")); // what was typed is kept on the form
        await CheckAsync(admin, "correction form with an error", axe);

        await admin.FillAsync("#value-date_of_birth", "2015-04-05");
        await admin.ClickAsync("#correct-form button[type=submit]");
        Assert.Contains("Row loaded again as plan J-A2: started", await admin.InnerTextAsync("#settled"), StringComparison.Ordinal);
        Assert.Contains("Resolved", await admin.InnerTextAsync("#rejected-item"), StringComparison.Ordinal);
        Assert.Contains("admin", await admin.InnerTextAsync("#settlement"), StringComparison.Ordinal);
        Assert.Equal(0, await admin.Locator("#correct-form").CountAsync());
        await CheckAsync(admin, "resolved item", axe);

        // The plan is on the register.
        await host.UntilAsync(async () =>
        {
            await admin.GotoAsync(new Uri(host.BaseUrl, "/dashboard/register?q=J-A2").ToString());
            return (await admin.InnerTextAsync("#register")).Contains("Elm Primary", StringComparison.Ordinal);
        }, "the corrected plan on the register", "J-A2");

        // The item is kept, resolved, with no personal value typed into the form; the loads say who sent them.
        var item = Assert.Single(await ItemsAsync(host), i => i.Rejected.CaseId == "J-A2");
        Assert.Equal(RejectedItemStatus.Resolved, item.Settlement?.Status);
        Assert.Equal("admin", item.Settlement?.By);
        Assert.DoesNotContain("QB", item.Rejected.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("2015-04-05", item.Rejected.Raw, StringComparison.Ordinal);
        var loads = await host.Get<IImportLog>().LatestAsync(10);
        Assert.Contains(loads, l => l.Channel == "dashboard" && l.File == "caseload-march.csv" && l.By == "admin");
        Assert.Contains(loads, l => l.Channel == RejectedItemCorrection.Source && l.By == "admin" && l.Report.Plans!.Started == 1);
        await admin.GotoAsync(new Uri(host.BaseUrl, "/dashboard/rejected-events").ToString());
        Assert.Contains("Resolved", await admin.InnerTextAsync("#rejected"), StringComparison.Ordinal);
        await CheckAsync(admin, "rejected events list", axe);
        Assert.Equal("1 rejected event (0 still open)", await RejectedTileAsync(host, admin)); // the overview counts the correction

        // Staff: refused the upload form with a GOV.UK page; the item reads, without a form.
        var staff = await host.SignInAsync();
        var refused = await staff.GotoAsync(new Uri(host.BaseUrl, "/dashboard/imports/new").ToString());
        Assert.Equal(403, refused!.Status);
        Assert.Contains("This is for administrators", await staff.InnerTextAsync("#forbidden"), StringComparison.Ordinal);
        await CheckAsync(staff, "403 page", axe);
        await staff.GotoAsync(new Uri(host.BaseUrl, "/dashboard/imports").ToString());
        Assert.Equal(0, await staff.Locator("#import-files").CountAsync());
        await staff.GotoAsync(itemUrl);
        Assert.Equal(0, await staff.Locator("#correct-form, #dismiss-form").CountAsync());

        Assert.True(axe.Count == 0, string.Join("\n", axe));
    }

    /// <summary>The overview's rejected-events tile as it reads: its figure and its words on one line.</summary>
    static async Task<string> RejectedTileAsync(JourneyHost host, IPage page)
    {
        await page.GotoAsync(new Uri(host.BaseUrl, "/dashboard").ToString());
        var tile = page.Locator(".app-tile").Filter(new() { Has = page.Locator("#rejected-count") });
        return System.Text.RegularExpressions.Regex.Replace(await tile.InnerTextAsync(), @"\s+", " ").Trim();
    }

    static async Task<List<RejectedItem>> ItemsAsync(JourneyHost host)
    {
        var items = new List<RejectedItem>();
        await foreach (var item in host.Get<IRejectedItems>().ItemsAsync())
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>axe-core's serious and critical WCAG 2.2 AA findings on the page as it is now.</summary>
    static async Task CheckAsync(IPage page, string what, List<string> problems)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        problems.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{what}: {v.Impact} {v.Id} ({v.Help}) on {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
    }
}
