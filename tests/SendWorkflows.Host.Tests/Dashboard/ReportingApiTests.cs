using System.Net;
using System.Text.Json;
using SendWorkflows.Domain;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Dashboard;

/// <summary>The reporting API (docs/reporting-api.md): the pages' queries as JSON, behind the API key only.</summary>
public sealed class ReportingApiTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        await host.Register.UpsertAsync(Plan("P-LATE", "QX", new DateOnly(2026, 2, 1), "a@example.org"));
        await host.Register.UpsertAsync(Plan("P-SOON", "AB", new DateOnly(2026, 9, 1), "b@example.org"));
        await host.Register.UpsertAsync(Plan("P-LATER", "CD", new DateOnly(2026, 10, 1), "b@example.org"));
        await host.Notifications.RecordAsync(new Notification("k1", NotificationKind.AdviceEscalation, "EHC-1001", new DateOnly(2026, 2, 27),
            ["ep.manager@example.org"], [], new DateOnly(2026, 2, 25), new NotificationFacts { ContactKey = "ep" }));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    static RegisteredPlan Plan(string id, string initials, DateOnly nextReview, string caseworker) => new(
        new RegisterEntry(id, initials, YearGroup.Year(5), "Oak School", SettingType.Mainstream, nextReview.AddYears(-1), nextReview, nextReview,
            TransferKind.None, "awaiting meeting", null, false),
        "senco@example.org", caseworker);

    [Theory]
    [InlineData("/api/kpis")]
    [InlineData("/api/register")]
    [InlineData("/api/overdue")]
    public async Task Every_endpoint_needs_the_api_key_and_a_staff_session_is_not_enough(string path)
    {
        var staff = await Forms.SignedInAsync(host);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client().GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client("wrong-key").GetAsync(path)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await staff.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client(TestHost.ApiKey).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_register_takes_the_page_s_filters_and_pages_by_page_size()
    {
        var api = host.Client(TestHost.ApiKey);

        var overdue = JsonDocument.Parse(await api.GetStringAsync("/api/register?overdue=yes")).RootElement;
        var byCaseworker = JsonDocument.Parse(await api.GetStringAsync("/api/register?caseworker=b%40example.org&sort=Plan&pageSize=1&page=2")).RootElement;
        var byInitials = JsonDocument.Parse(await api.GetStringAsync("/api/register?q=ab")).RootElement;

        Assert.Equal(1, overdue.GetProperty("total").GetInt32());
        Assert.Equal("P-LATE", overdue.GetProperty("plans")[0].GetProperty("planId").GetString());
        Assert.True(overdue.GetProperty("plans")[0].GetProperty("overdue").GetBoolean());
        Assert.Equal("mainstream", overdue.GetProperty("plans")[0].GetProperty("settingType").GetString());
        Assert.Equal(2, byCaseworker.GetProperty("total").GetInt32());
        Assert.Equal(2, byCaseworker.GetProperty("pages").GetInt32());
        Assert.Equal("P-SOON", byCaseworker.GetProperty("plans")[0].GetProperty("planId").GetString());
        Assert.Equal(["P-SOON"], byInitials.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("planId").GetString()));
    }

    [Fact]
    public async Task The_overdue_lists_are_the_overdue_page_s()
    {
        var lists = JsonDocument.Parse(await host.Client(TestHost.ApiKey).GetStringAsync("/api/overdue")).RootElement;

        Assert.Equal("2026-03-02", lists.GetProperty("asOf").GetString());
        Assert.Equal(["P-LATE"], lists.GetProperty("reviews").EnumerateArray().Select(p => p.GetProperty("planId").GetString()));
        var chase = Assert.Single(lists.GetProperty("chases").EnumerateArray());
        Assert.Equal("AdviceEscalation", chase.GetProperty("kind").GetString());
        Assert.Equal("2026-02-25", chase.GetProperty("dueOn").GetString());
        Assert.Equal(8, lists.GetProperty("chaseWeeks").GetInt32());
    }

    [Fact]
    public async Task Kpis_default_to_the_academic_year_to_date_and_refuse_a_period_that_is_not_one()
    {
        var api = host.Client(TestHost.ApiKey);

        var kpis = JsonDocument.Parse(await api.GetStringAsync("/api/kpis")).RootElement;
        var bad = await api.GetAsync("/api/kpis?period=fortnight");

        Assert.Equal("2025-09-01", kpis.GetProperty("from").GetString());
        Assert.Equal("2026-03-02", kpis.GetProperty("to").GetString());
        Assert.Equal(1, kpis.GetProperty("overdueReviews").GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'fortnight' is not a period", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
