using System.Text.RegularExpressions;
using SendWorkflows.Domain;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Dashboard;

/// <summary>Issue 17: the register searched, filtered, sorted and paged, and its CSV exactly what is filtered.</summary>
public sealed partial class RegisterFilterTests : IAsyncLifetime
{
    TestHost host = null!;
    HttpClient staff = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        staff = await Forms.SignedInAsync(host);
        // 60 plans at Oak School with caseworker A, the first 10 overdue; 5 at Elm (special) with caseworker B.
        for (var i = 1; i <= 60; i++)
            await host.Register.UpsertAsync(Plan($"EHC-{i:000}", $"O{i % 10}", "Oak School", SettingType.Mainstream, new DateOnly(2026, 1, 1).AddDays(i * 10), "a@example.org"));
        for (var i = 1; i <= 5; i++)
            await host.Register.UpsertAsync(Plan($"EHC-E{i}", "ZZ", "Elm School", SettingType.Special, new DateOnly(2026, 12, 1), "b@example.org"));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    static RegisteredPlan Plan(string id, string initials, string setting, SettingType type, DateOnly nextReview, string caseworker) => new(
        new RegisterEntry(id, initials, YearGroup.Year(5), setting, type, nextReview.AddYears(-1), nextReview, nextReview, TransferKind.None, "awaiting meeting", null, false),
        "senco@example.org", caseworker);

    static List<string> PlanIds(string page) =>
        [.. CaseLink().Matches(page[page.IndexOf("id=\"register\"", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task Fifty_plans_a_page_with_pagination_to_the_rest()
    {
        var first = await staff.GetStringAsync("/dashboard/register");
        var second = await staff.GetStringAsync("/dashboard/register?page=2");

        Assert.Equal(50, PlanIds(first).Count);
        Assert.Equal(15, PlanIds(second).Count);
        Assert.Empty(PlanIds(first).Intersect(PlanIds(second)));
        Assert.Contains("Showing 1 to 50 of 65 plans", first, StringComparison.Ordinal);
        Assert.Contains("""href="/dashboard/register?page=2" rel="next">""", first, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"page\">2</a>", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_by_plan_id_or_initials_and_filter_by_caseworker_setting_type_and_overdue()
    {
        Assert.Equal(["EHC-007"], PlanIds(await staff.GetStringAsync("/dashboard/register?q=ehc-007")));
        Assert.Equal(6, PlanIds(await staff.GetStringAsync("/dashboard/register?q=o3")).Count); // EHC-003, 013 … 053: initials O3
        Assert.Equal(5, PlanIds(await staff.GetStringAsync("/dashboard/register?caseworker=b%40example.org")).Count);
        Assert.Equal(5, PlanIds(await staff.GetStringAsync("/dashboard/register?type=Special")).Count);
        Assert.Equal(5, PlanIds(await staff.GetStringAsync("/dashboard/register?setting=Elm+School")).Count);
        var overdue = PlanIds(await staff.GetStringAsync("/dashboard/register?overdue=yes"));
        Assert.Equal(host.Register.Plans.Values.Count(p => p.Entry.NextReviewDue < host.Get<SendWorkflows.Web.Dashboard.DashboardQueries>().Today), overdue.Count);
        Assert.NotEmpty(overdue);
        Assert.Contains("No plan matches this search", await staff.GetStringAsync("/dashboard/register?q=NOBODY"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sorting_by_plan_descending_puts_the_last_plan_first()
    {
        var ids = PlanIds(await staff.GetStringAsync("/dashboard/register?sort=Plan&dir=desc"));

        Assert.Equal("EHC-E5", ids[0]);
        Assert.Equal(ids.OrderByDescending(i => i, StringComparer.Ordinal).ToList(), ids);
    }

    [Fact]
    public async Task The_CSV_holds_exactly_the_filtered_plans_from_every_page()
    {
        var csv = await staff.GetStringAsync("/dashboard/register.csv?caseworker=a%40example.org");
        var filtered = await staff.GetStringAsync("/dashboard/register.csv?type=Special");

        Assert.Equal(61, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header and 60 plans, beyond page 1
        Assert.DoesNotContain("EHC-E1", csv, StringComparison.Ordinal);
        Assert.Equal(6, filtered.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("""href="/dashboard/register.csv?type=Special" id="register-csv">Download these 5 plans as CSV""",
            await staff.GetStringAsync("/dashboard/register?type=Special"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rejected_events_page_lists_fifty_a_page()
    {
        for (var i = 1; i <= 60; i++)
            await host.Rejected.RecordAsync(new RejectedEvent("http", $"reason {i}", $"evt-{i}"));

        var first = await staff.GetStringAsync("/dashboard/rejected-events");
        var second = await staff.GetStringAsync("/dashboard/rejected-events?page=2");

        // One link per item to its own page (ADR 0110), newest first.
        Assert.Equal(50, Regex.Count(first, "href=\"/dashboard/rejected-events/"));
        Assert.Equal(10, Regex.Count(second, "href=\"/dashboard/rejected-events/"));
        Assert.True(first.IndexOf("evt-60", StringComparison.Ordinal) < first.IndexOf("evt-11<", StringComparison.Ordinal), "newest first");
        Assert.Contains("""href="/dashboard/rejected-events?page=2" rel="next">""", first, StringComparison.Ordinal);
    }

    [GeneratedRegex("""href="/dashboard/cases/([^"]+)">""")]
    private static partial Regex CaseLink();
}
