using System.Net;
using SendWorkflows.Contract;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Links;

/// <summary>A professional following the link from a request e-mail, over real HTTP.</summary>
public sealed class LinkEndpointTests : IAsyncLifetime
{
    TestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        host.Dispatcher.Know("EHC-1001");
        host.Dispatcher.Know("P-2001");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    string PathFor(SendWorkflows.Domain.Notification notification, string recipient) =>
        host.Get<SignedResponseLinks>().LinkFor(notification, recipient)!.PathAndQuery;

    [Fact]
    public async Task The_page_shows_what_is_asked_for_which_case_and_confirming_raises_the_event_once()
    {
        var client = host.Client();
        var path = PathFor(TestLinks.AdviceRequest(), "ep.team@example.org");

        var page = await client.GetStringAsync(path);
        var confirmed = await Forms.SubmitAsync(client, path);

        Assert.Contains("EHC-1001", page, StringComparison.Ordinal);
        Assert.Contains("Yes, I have sent my advice", page, StringComparison.Ordinal);
        // What is asked, by when and where it goes, not only "confirm".
        Assert.Contains("education, health and care (EHC) needs assessment", page, StringComparison.Ordinal);
        Assert.Contains("id=\"due\">13 April 2026</dd>", page, StringComparison.Ordinal);
        Assert.Contains("Send your advice by replying to the e-mail that brought you here", page, StringComparison.Ordinal);
        Assert.DoesNotContain("QX", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Thank you", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var raised = Assert.IsType<AdviceReceived>(Assert.Single(host.Dispatcher.Dispatched));
        Assert.Equal(("EHC-1001", "ep", new DateOnly(2026, 3, 2)), (raised.CaseId, raised.Contact, raised.On));
    }

    [Fact]
    public async Task A_used_link_says_so_and_raises_nothing_more()
    {
        var client = host.Client();
        var path = PathFor(TestLinks.AdviceRequest(), "ep.team@example.org");
        await Forms.SubmitAsync(client, path);

        var again = await client.GetAsync(path);
        var postedAgain = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already been used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, postedAgain.StatusCode);
        Assert.Single(host.Dispatcher.Dispatched);
    }

    [Fact]
    public async Task A_tampered_link_is_refused_without_case_data()
    {
        var path = PathFor(TestLinks.AdviceRequest(), "ep.team@example.org");
        var tampered = path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..];

        var response = await host.Client().GetAsync(tampered);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Dispatcher.Dispatched);
    }

    [Fact]
    public async Task An_expired_link_says_when_it_expired()
    {
        var path = PathFor(TestLinks.AdviceRequest(), "ep.team@example.org");
        host.Clock.Advance(TimeSpan.FromDays(103));

        var response = await host.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("expired on 12 June 2026", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_put_under_another_case_shows_neither_case()
    {
        var path = PathFor(TestLinks.AdviceRequest(), "ep.team@example.org");
        var otherCase = path.Replace("/respond/EHC-1001/", "/respond/P-2001/", StringComparison.Ordinal);

        var response = await host.Client().GetAsync(otherCase);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not match the case", body, StringComparison.Ordinal);
        Assert.DoesNotContain("EHC-1001", body, StringComparison.Ordinal);
        Assert.DoesNotContain("P-2001", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_whose_workflow_has_moved_on_says_the_request_is_closed()
    {
        var path = PathFor(TestLinks.AdviceRequest(), "ep.team@example.org");
        host.Workflows.Close("assessment:EHC-1001:advice:ep");

        var response = await host.Client().GetAsync(path);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("no longer waiting", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_upcoming_link_records_the_meeting_date_given()
    {
        var client = host.Client();
        var path = PathFor(TestLinks.ReviewUpcoming(), "senco@school.example.org");

        var response = await Forms.SubmitAsync(client, path, new Dictionary<string, string> { ["meetingOn"] = "2026-04-20" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scheduled = Assert.IsType<ReviewMeetingScheduled>(Assert.Single(host.Dispatcher.Dispatched));
        Assert.Equal(new DateOnly(2026, 4, 20), scheduled.MeetingOn);
    }

    [Fact]
    public async Task The_placements_officer_records_the_visit_date_from_the_monitoring_visit_link()
    {
        var client = host.Client();
        var path = PathFor(TestLinks.MonitoringVisitDue(), "placements@example.org");

        var page = await client.GetStringAsync(path);
        var response = await Forms.SubmitAsync(client, path, new Dictionary<string, string> { ["visitedOn"] = "2026-02-26" });

        Assert.Contains("When did the visit take place?", page, StringComparison.Ordinal);
        Assert.Contains("max=\"2026-03-02\"", page, StringComparison.Ordinal);
        Assert.Null(host.Get<SignedResponseLinks>().LinkFor(TestLinks.MonitoringVisitDue(), "caseworker@example.org"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var visit = Assert.IsType<MonitoringVisitRecorded>(Assert.Single(host.Dispatcher.Dispatched));
        Assert.Equal(("P-2001", new DateOnly(2026, 2, 26), "link-"), (visit.CaseId, visit.On, visit.Id[..5]));
    }

    [Fact]
    public async Task A_visit_date_in_the_future_is_refused_and_the_link_stays_usable()
    {
        var client = host.Client();
        var path = PathFor(TestLinks.MonitoringVisitDue(), "placements@example.org");

        var response = await Forms.SubmitAsync(client, path, new Dictionary<string, string> { ["visitedOn"] = "2026-03-20" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Please check the visit date", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_missing_meeting_date_is_asked_for_again_and_the_link_stays_usable()
    {
        var client = host.Client();
        var path = PathFor(TestLinks.ReviewUpcoming(), "senco@school.example.org");

        var response = await Forms.SubmitAsync(client, path, new Dictionary<string, string> { ["meetingOn"] = "next week" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("meeting date", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_post_without_the_form_token_is_refused()
    {
        var path = PathFor(TestLinks.AdviceRequest(), "ep.team@example.org");

        var response = await host.Client().PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(host.Dispatcher.Dispatched);
    }

    [Fact]
    public async Task A_response_the_workflow_refuses_is_explained_and_kept_as_rejected()
    {
        var client = host.Client();
        var path = PathFor(TestLinks.AdviceRequest(caseId: "EHC-UNKNOWN"), "ep.team@example.org");

        var response = await Forms.SubmitAsync(client, path);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var rejected = Assert.Single(host.Rejected.Items);
        Assert.Equal(("link", "EHC-UNKNOWN"), (rejected.Source, rejected.CaseId));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
    }
}
