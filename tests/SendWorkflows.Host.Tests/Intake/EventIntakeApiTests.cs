using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendWorkflows.Contract;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Intake;

public sealed class EventIntakeApiTests : IAsyncLifetime
{
    TestHost host = null!;
    HttpClient api = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        api = host.Client(TestHost.ApiKey);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string body)
    {
        var response = await api.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    static JsonElement[] Results(JsonElement body) => [.. body.GetProperty("results").EnumerateArray()];

    [Fact]
    public async Task One_event_is_accepted_and_dispatched()
    {
        var (status, body) = await PostAsync(SampleEvents.AssessmentRequested());

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal("Accepted", Results(body)[0].GetProperty("status").GetString());
        Assert.IsType<AssessmentRequested>(Assert.Single(host.Dispatcher.Dispatched));
    }

    [Fact]
    public async Task An_array_gets_a_result_per_event_and_a_bad_one_does_not_stop_the_others()
    {
        var unknownType = """{"id":"evt-9","type":"PlanTeleported","caseId":"EHC-1001","on":"2026-03-04"}""";

        var (status, body) = await PostAsync($"[{SampleEvents.AssessmentRequested()},{unknownType},{SampleEvents.AdviceRequested()}]");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal((2, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        var rejected = Assert.Single(Results(body), r => r.GetProperty("status").GetString() == "Rejected");
        Assert.Equal("evt-9", rejected.GetProperty("eventId").GetString());
        Assert.Contains("PlanTeleported", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, host.Dispatcher.Dispatched.Count);
    }

    [Fact]
    public async Task The_same_event_id_twice_has_the_effect_of_once()
    {
        await PostAsync(SampleEvents.AssessmentRequested());

        var (status, body) = await PostAsync(SampleEvents.AssessmentRequested());

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("Duplicate", Results(body)[0].GetProperty("status").GetString());
        Assert.Single(host.Dispatcher.Dispatched);
    }

    [Fact]
    public async Task An_event_for_an_unknown_case_is_rejected_with_the_reason_and_kept()
    {
        var (_, body) = await PostAsync(SampleEvents.AdviceRequested(caseId: "EHC-404"));

        Assert.Contains("unknown case", Results(body)[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var kept = Assert.Single(host.Rejected.Items);
        Assert.Equal(("http", "evt-2", "EHC-404", "AdviceRequested"), (kept.Source, kept.EventId, kept.CaseId, kept.Type));
        Assert.Contains("\"contact\"", kept.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_email_is_rejected_naming_the_field_and_listed_by_the_api()
    {
        var (_, body) = await PostAsync(SampleEvents.AssessmentRequested(settingEmail: "not-an-email"));
        var listed = await api.GetFromJsonAsync<JsonElement>("/api/rejected-events");

        Assert.Contains("settingEmail", Results(body)[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Dispatcher.Dispatched);
        Assert.Equal("evt-1", Assert.Single(listed.EnumerateArray()).GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task The_rejected_list_pages_by_link_when_asked_and_is_whole_when_not()
    {
        var unknown = Enumerable.Range(1, 5).Select(i => $$"""{"id":"evt-{{i}}","type":"PlanTeleported","caseId":"EHC-1001","on":"2026-03-04"}""");
        await PostAsync($"[{string.Join(',', unknown)}]");

        var whole = await api.GetFromJsonAsync<JsonElement>("/api/rejected-events");
        var paged = new List<string?>();
        var links = new List<string>();
        for (var next = "/api/rejected-events?limit=2"; next is not null;)
        {
            var response = await api.GetAsync(next);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.InRange(page.GetArrayLength(), 1, 2);
            paged.AddRange(page.EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
            next = response.Headers.TryGetValues("Link", out var link) ? System.Text.RegularExpressions.Regex.Match(link.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value : null;
            links.Add(next ?? "(none)");
        }

        Assert.Equal(["evt-5", "evt-4", "evt-3", "evt-2", "evt-1"], whole.EnumerateArray().Select(e => e.GetProperty("eventId").GetString())); // no parameters: every item, newest first as documented
        Assert.Equal(["evt-5", "evt-4", "evt-3", "evt-2", "evt-1"], paged); // newest first, each once
        Assert.Equal(3, links.Count); // 2 + 2 + 1, and no empty page at the end
        Assert.All(links.SkipLast(1), l => Assert.StartsWith("/api/rejected-events?limit=2&continuation=", l, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=two")]
    public async Task A_page_size_outside_1_to_1000_is_a_400_saying_so(string query)
    {
        var response = await api.GetAsync($"/api/rejected-events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1 to 1000", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\": \"evt-1\",", "not valid JSON (line 1")]
    [InlineData("", "empty")]
    [InlineData("[]", "array is empty")]
    [InlineData("42", "JSON number")]
    public async Task A_body_that_cannot_be_read_is_a_400_saying_why(string body, string expected)
    {
        var (status, problem) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(host.Rejected.Items);
    }
}
