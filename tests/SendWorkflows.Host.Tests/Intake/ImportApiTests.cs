using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Intake;

public sealed class ImportApiTests : IAsyncLifetime
{
    TestHost host = null!;
    HttpClient api = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        api = host.Client(TestHost.ApiKey);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_caseload_loads_its_good_rows_and_reports_every_rejected_row_by_line()
    {
        await api.PostAsync("/api/contacts", new StringContent(SampleEvents.Contacts, Encoding.UTF8, "application/json"));

        var response = await api.PostAsync("/api/caseload", new StringContent(SampleEvents.Caseload, Encoding.UTF8, "text/csv"));
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, report.GetProperty("imported").GetInt32());
        var lines = report.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([3, 4], lines);
        Assert.Equal("P-1", Assert.Single(host.Dispatcher.StartedPlans).PlanId);
        Assert.Equal(2, host.Rejected.Items.Count(r => r.Source == "caseload"));
    }

    [Fact]
    public async Task Staff_see_each_load_with_its_counts_and_rejected_lines_on_the_imports_page()
    {
        await api.PostAsync("/api/contacts", new StringContent(SampleEvents.Contacts, Encoding.UTF8, "application/json"));
        await api.PostAsync("/api/caseload", new StringContent(SampleEvents.Caseload, Encoding.UTF8, "text/csv"));
        var staff = await Forms.SignedInAsync(host);

        var page = await staff.GetStringAsync("/dashboard/imports");

        Assert.Contains("1 started, 0 updated, 0 unchanged, 2 rejected", page, StringComparison.Ordinal);
        Assert.Contains("line 3", page, StringComparison.Ordinal);
        Assert.Contains("line 4", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await host.Client().GetAsync("/dashboard/imports")).StatusCode);
    }

    [Fact]
    public async Task Contacts_with_a_bad_email_are_reported()
    {
        var contacts = SampleEvents.Contacts.Replace("ep.team@example.org", "ep.team-at-example", StringComparison.Ordinal);

        var response = await api.PostAsync("/api/contacts", new StringContent(contacts, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("email", body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ep", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/contacts", "{ not json", "not valid JSON")]
    [InlineData("/api/contacts", "", "empty")]
    [InlineData("/api/caseload", "", "empty")]
    public async Task An_unreadable_import_body_is_a_400_saying_why(string path, string body, string expected)
    {
        var response = await api.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
