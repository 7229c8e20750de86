using SendWorkflows.Domain;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Links;

public sealed class SignedResponseLinksTests
{
    [Fact]
    public void An_advice_request_gets_a_link_scoped_to_its_case_contact_and_event()
    {
        var clock = TestLinks.Clock();
        var notification = TestLinks.AdviceRequest();

        var link = TestLinks.Links(clock).LinkFor(notification, "ep.team@example.org");

        Assert.NotNull(link);
        Assert.StartsWith("http://127.0.0.1:5080/respond/EHC-1001/", link.ToString(), StringComparison.Ordinal);
        var claims = TestLinks.Signer(clock).Verify(link.Segments[^1]).Claims!;
        Assert.Equal(("EHC-1001", "ep", ResponseRequest.AdviceReceived, "assessment:EHC-1001:advice:ep", notification.Key),
            (claims.CaseId, claims.ContactKey, claims.Event, claims.InstanceId, claims.NotificationKey));
        // 60 days after the advice's due date (13 April), not after the request (2 March).
        Assert.Equal(new DateTimeOffset(2026, 6, 12, 0, 0, 0, TimeSpan.Zero), claims.ExpiresAt);
    }

    [Fact]
    public void A_link_outlives_the_date_it_asks_for_even_when_that_is_beyond_the_expiry_window()
    {
        var clock = TestLinks.Clock();
        var notification = TestLinks.ReviewUpcoming() with { DueOn = new DateOnly(2026, 6, 1) }; // sent 2 March, meeting by 1 June

        var claims = TestLinks.Signer(clock).Verify(TestLinks.Links(clock).LinkFor(notification, "senco@school.example.org")!.Segments[^1]).Claims!;

        Assert.Equal(new DateTimeOffset(2026, 7, 31, 0, 0, 0, TimeSpan.Zero), claims.ExpiresAt);
    }

    [Fact]
    public void A_link_without_a_due_date_expires_the_expiry_window_after_it_was_sent()
    {
        var clock = TestLinks.Clock();

        var claims = TestLinks.Signer(clock).Verify(TestLinks.Links(clock).LinkFor(TestLinks.ReviewUpcoming(), "senco@school.example.org")!.Segments[^1]).Claims!;

        Assert.Equal(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), claims.ExpiresAt);
    }

    [Fact]
    public void Someone_only_copied_in_gets_no_link()
    {
        var link = TestLinks.Links(TestLinks.Clock()).LinkFor(TestLinks.AdviceRequest(), "caseworker@example.org");

        Assert.Null(link);
    }

    [Theory]
    [InlineData(NotificationKind.AdviceEscalation)]
    [InlineData(NotificationKind.DecisionDueReminder)]
    [InlineData(NotificationKind.WeeklyDigest)]
    public void Notifications_that_ask_nothing_of_the_recipient_get_no_link(NotificationKind kind)
    {
        var notification = TestLinks.AdviceRequest() with { Kind = kind };

        Assert.Null(TestLinks.Links(TestLinks.Clock()).LinkFor(notification, "ep.team@example.org"));
    }

    [Fact]
    public void A_review_upcoming_link_asks_for_the_meeting_date()
    {
        var clock = TestLinks.Clock();
        var link = TestLinks.Links(clock).LinkFor(TestLinks.ReviewUpcoming(), "senco@school.example.org")!;

        var claims = TestLinks.Signer(clock).Verify(link.Segments[^1]).Claims!;

        Assert.Equal(ResponseRequest.ReviewMeetingScheduled, claims.Event);
        Assert.True(ResponseRequest.ForEvent(claims.Event)!.AsksForMeetingDate);
    }

    [Fact]
    public void A_review_link_names_the_instance_the_notification_says_awaits_it_not_a_cut_of_its_key()
    {
        var clock = TestLinks.Clock();
        var link = TestLinks.Links(clock).LinkFor(TestLinks.ReviewUpcoming("EHC-00123"), "senco@school.example.org")!;

        var claims = TestLinks.Signer(clock).Verify(link.Segments[^1]).Claims!;

        Assert.Equal("review:EHC-00123", claims.InstanceId);
    }

    [Fact]
    public void A_notification_that_names_no_awaiting_instance_gets_no_link()
    {
        var unnamed = TestLinks.AdviceRequest() with { Facts = TestLinks.AdviceRequest().Facts with { AwaitingInstanceId = null } };

        Assert.Null(TestLinks.Links(TestLinks.Clock()).LinkFor(unnamed, "ep.team@example.org"));
    }

    [Fact]
    public void A_review_notification_sent_once_the_meeting_is_fixed_asks_nothing()
    {
        var fixedMeeting = TestLinks.ReviewUpcoming() with { Facts = TestLinks.ReviewUpcoming().Facts with { ResponseEvent = null } };

        Assert.Null(TestLinks.Links(TestLinks.Clock()).LinkFor(fixedMeeting, "senco@school.example.org"));
    }

    [Fact]
    public void The_report_chase_asks_for_the_report_whatever_the_facts_say()
    {
        var clock = TestLinks.Clock();
        var chase = TestLinks.ReviewUpcoming() with { Kind = NotificationKind.ReviewReportOverdue, Facts = new NotificationFacts { AwaitingInstanceId = "review:P-2001" } };

        var claims = TestLinks.Signer(clock).Verify(TestLinks.Links(clock).LinkFor(chase, "senco@school.example.org")!.Segments[^1]).Claims!;

        Assert.Equal(ResponseRequest.ReviewReportReceived, claims.Event);
    }

    [Fact]
    public void The_link_id_is_the_same_for_a_redelivered_email_and_differs_per_recipient()
    {
        var first = SignedResponseLinks.LinkIdFor("n-1", "a@example.org");

        Assert.Equal(first, SignedResponseLinks.LinkIdFor("n-1", "A@Example.org"));
        Assert.NotEqual(first, SignedResponseLinks.LinkIdFor("n-1", "b@example.org"));
        Assert.NotEqual(first, SignedResponseLinks.LinkIdFor("n-2", "a@example.org"));
    }
}
