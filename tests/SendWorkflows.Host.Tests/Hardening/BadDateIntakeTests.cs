using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Hardening;

/// <summary>Issue 20 over real HTTP: bad dates are refused with a reason and kept, on every channel the host serves.</summary>
public sealed class BadDateIntakeTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        host.Dispatcher.Know("P-2001");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("""{"id":"m1","type":"ReviewMeetingScheduled","caseId":"P-2001","on":"2026-03-02","meetingOn":"9999-12-31"}""", "meetingOn 9999-12-31 is more than 12 months after")]
    [InlineData("""{"id":"m2","type":"ReviewMeetingScheduled","caseId":"P-2001","on":"2026-03-02","meetingOn":"2062-10-20"}""", "meetingOn 2062-10-20 is more than 12 months after")]
    [InlineData("""{"id":"m3","type":"ReviewMeetingScheduled","caseId":"P-2001","on":"2026-03-02","meetingOn":"1900-01-01"}""", "meetingOn 1900-01-01 is more than 28 days before")]
    [InlineData("""{"id":"h1","type":"ReviewMeetingHeld","caseId":"P-2001","on":"9999-12-31"}""", "on 9999-12-31 is outside 2014-09-01 to 2199-12-31")]
    [InlineData("""{"id":"h2","type":"ReviewMeetingHeld","caseId":"P-2001","on":"2062-10-20"}""", "on 2062-10-20 is in the future (today is 2026-03-02)")]
    [InlineData("""{"id":"h3","type":"ReviewMeetingHeld","caseId":"P-2001","on":"2024-10-20"}""", "on 2024-10-20 is more than a year ago (today is 2026-03-02)")]
    public async Task An_event_with_a_date_out_of_its_window_is_answered_rejected_and_kept(string json, string reason)
    {
        var response = await host.Client(TestHost.ApiKey).PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("Rejected", result.GetProperty("status").GetString());
        Assert.Contains(reason, result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(reason, Assert.Single(host.Rejected.Items).Reason, StringComparison.Ordinal);
        Assert.Empty(host.Dispatcher.Dispatched);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    [InlineData("2062-10-20")]
    [InlineData("1900-01-01")]
    public async Task A_meeting_date_out_of_its_window_through_a_link_is_refused_in_plain_words_kept_and_the_link_stays_usable(string meetingOn)
    {
        var client = host.Client();
        var path = host.Get<SignedResponseLinks>().LinkFor(TestLinks.ReviewUpcoming(), "senco@school.example.org")!.PathAndQuery;

        var response = await Forms.SubmitAsync(client, path, new Dictionary<string, string> { ["meetingOn"] = meetingOn });
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Please check the meeting date", page, StringComparison.Ordinal);
        Assert.Contains("give a date from 2 February 2026 to 2 March 2027", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Thank you", page, StringComparison.Ordinal);
        Assert.StartsWith($"meetingOn {meetingOn}", Assert.Single(host.Rejected.Items).Reason, StringComparison.Ordinal);
        Assert.Empty(host.Dispatcher.Dispatched);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_link_page_offers_only_dates_in_the_window()
    {
        var path = host.Get<SignedResponseLinks>().LinkFor(TestLinks.ReviewUpcoming(), "senco@school.example.org")!.PathAndQuery;

        var page = await host.Client().GetStringAsync(path);

        Assert.Contains("""min="2026-02-02" max="2027-03-02""", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_open_assessments_page_still_answers_after_a_request_dated_9999_12_30_kept_from_before()
    {
        var staff = await Forms.SignedInAsync(host);
        await host.Get<IProcessedEventStore>().MarkProcessedAsync(new ProcessedEvent(
            "old", "EHC-9999", "AssessmentRequested", new DateOnly(9999, 12, 30), "http", host.Clock.GetUtcNow(), "{}"));
        // The page reads the open-assessments index (ADR 0115), where the dispatcher filed that request.
        await host.Get<IOpenAssessments>().OpenAsync(new SendWorkflows.Workflows.Council.RunningAssessment("EHC-9999", "QX", new DateOnly(9999, 12, 30), "cw@example.org"));

        var response = await staff.GetAsync("/dashboard/assessments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("EHC-9999", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
