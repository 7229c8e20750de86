using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Intake;

/// <summary>HTTP intake on the real workflows' dispatcher (in memory): the refusals a sender sees are the real ones.</summary>
public sealed class RealDispatcherIntakeTests : IAsyncLifetime
{
    TestHost host = null!;
    HttpClient api = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartWithWorkflowsAsync();
        api = host.Client(TestHost.ApiKey);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    async Task<JsonElement> PostAsync(string body)
    {
        var response = await api.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
    }

    [Fact]
    public async Task Events_before_any_contacts_are_rejected_saying_to_import_contacts_first()
    {
        var result = await PostAsync(SampleEvents.AssessmentRequested());

        Assert.Equal("Rejected", result.GetProperty("status").GetString());
        Assert.Contains("import the contacts first", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caseload_before_any_contacts_starts_nothing_and_says_to_import_contacts_first()
    {
        var response = await api.PostAsync("/api/caseload", new StringContent(SampleEvents.Caseload, Encoding.UTF8, "text/csv"));
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(0, report.GetProperty("imported").GetInt32());
        Assert.Contains(report.GetProperty("rejected").EnumerateArray(),
            r => r.GetProperty("reason").GetString()!.Contains("import the contacts first", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_event_for_an_unknown_case_is_rejected_and_listed()
    {
        await api.PostAsync("/api/contacts", new StringContent(SampleEvents.Contacts, Encoding.UTF8, "application/json"));

        var result = await PostAsync(SampleEvents.AdviceRequested(caseId: "EHC-404"));
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/rejected-events");

        Assert.Equal("Rejected", result.GetProperty("status").GetString());
        Assert.Contains("'EHC-404' is unknown", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("caseId").GetString() == "EHC-404");
    }

    [Fact]
    public async Task A_request_is_started_once_and_its_redelivery_is_a_duplicate()
    {
        await api.PostAsync("/api/contacts", new StringContent(SampleEvents.Contacts, Encoding.UTF8, "application/json"));

        var first = await PostAsync(SampleEvents.AssessmentRequested());
        var again = await PostAsync(SampleEvents.AssessmentRequested());

        Assert.Equal(("Accepted", "Duplicate"), (first.GetProperty("status").GetString(), again.GetProperty("status").GetString()));
    }
}
