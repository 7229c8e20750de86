using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SendWorkflows.Contract;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.EndToEnd;

/// <summary>
/// The administrator's pages (ADR 0110) as <see cref="AccessibilityTests"/> checks every other page: no serious or
/// critical WCAG 2.2 AA violation by axe-core and no page wider than the screen, at 1400 and 390 px, for an
/// administrator (upload form, a rejected item with its correction and dismissal forms, the same with errors) and for
/// staff (the item without forms, the 403 page).
/// </summary>
public sealed class AdminPagesAccessibilityTests : IAsyncLifetime
{
    static readonly string Chromium = HeadlessChromium.Path;
    const string AdminPassword = "accessibility administrator password 77";
    static readonly int[] Widths = [1400, 390];

    TestHost host = null!;
    IPlaywright playwright = null!;
    IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync(settings: [$"--Auth:AdminPassword={AdminPassword}"]);
        await host.Rejected.RecordAsync(new RejectedEvent("caseload", "setting_type \"academy\" is not one of mainstream, special, independent, out_of_area, residential, home_educated, post16, early_years, none",
            CaseId: "EHC-9001", Line: 3, Field: "setting_type",
            Raw: RejectedItemText.Row(CaseloadColumns.Required, ["EHC-9001", "QB", "2015-04-05", "5", "Elm Primary School with a rather long name", "senco@elm.example.org", "academy", "cw@council.example.org", "2022-09-01", "2025-09-15"])));
        playwright = await Playwright.CreateAsync();
        browser = await HeadlessChromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task The_upload_and_correction_pages_and_the_403_page_have_no_serious_violation_and_fit_the_screen()
    {
        Assert.True(File.Exists(Chromium), $"needs Debian's Chromium at {Chromium}");
        var problems = new List<string>();
        foreach (var width in Widths)
        {
            var admin = await PageAsync(width, AdminPassword);
            foreach (var path in new[] { "/dashboard/imports", "/dashboard/imports/new", "/dashboard/rejected-events", "/dashboard/rejected-events/1" })
            {
                await admin.GotoAsync(Url(path));
                await CheckAsync(admin, $"{path} (admin)", width, problems);
            }

            await admin.GotoAsync(Url("/dashboard/imports/new"));
            await admin.ClickAsync("button[type=submit]");
            await admin.Locator(".govuk-error-summary").WaitForAsync(); // the form again, with its error
            await CheckAsync(admin, "upload form with an error (admin)", width, problems);
            await admin.GotoAsync(Url("/dashboard/rejected-events/1"));
            await admin.ClickAsync("#correct-form button[type=submit]");
            await admin.Locator("#value-child_initials-error").WaitForAsync(); // the initials were not kept and not typed in
            await CheckAsync(admin, "correction form with errors (admin)", width, problems);
            await admin.ClickAsync("#dismiss-form button[type=submit]");
            await admin.Locator("#reason-error").WaitForAsync();
            await CheckAsync(admin, "dismissal with an error (admin)", width, problems);
            await admin.Context.CloseAsync();

            var staff = await PageAsync(width, TestHost.StaffPassword);
            foreach (var path in new[] { "/dashboard/imports/new", "/dashboard/rejected-events/1" })
            {
                await staff.GotoAsync(Url(path));
                await CheckAsync(staff, $"{path} (staff)", width, problems);
            }

            await staff.Context.CloseAsync();
        }

        Assert.Null((await host.Get<IRejectedItems>().FindAsync("1"))!.Settlement); // every post above was refused
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    async Task<IPage> PageAsync(int width, string password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/signin"));
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        return page;
    }

    static async Task CheckAsync(IPage page, string what, int width, List<string> problems)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        problems.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{what} at {width}px: {v.Impact} {v.Id} ({v.Help}) on {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 0)
        {
            problems.Add($"{what} at {width}px is {overflow}px wider than the screen");
        }
    }

    string Url(string path) => new Uri(host.Address, path).ToString();
}
