using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Domain;
using SendWorkflows.Web.Links;

namespace SendWorkflows.Host.Tests.Support;

static class TestLinks
{
    public static ResponseLinkSigner Signer(TimeProvider clock, string key = TestHost.SigningKey) =>
        new(Options.Create(new ResponseLinkOptions { SigningKey = key }), clock);

    public static SignedResponseLinks Links(TimeProvider clock, Uri? baseUrl = null) =>
        new(Signer(clock), Options.Create(new ResponseLinkOptions { SigningKey = TestHost.SigningKey, BaseUrl = baseUrl ?? new Uri("http://127.0.0.1:5080/") }));

    public static Notification AdviceRequest(string caseId = "EHC-1001", string to = "ep.team@example.org", DateOnly? on = null) => new(
        $"assessment:{caseId}:advice:ep/request", NotificationKind.AdviceRequest, caseId, on ?? new DateOnly(2026, 3, 2),
        [to], ["caseworker@example.org"], new DateOnly(2026, 4, 13),
        new NotificationFacts { ContactKey = "ep", ChildInitials = "QX", ResponseEvent = "AdviceReceived", AwaitingInstanceId = $"assessment:{caseId}:advice:ep" });

    public static Notification ReviewUpcoming(string caseId = "P-2001", string to = "senco@school.example.org") => new(
        $"review:{caseId}/c1/review-upcoming", NotificationKind.ReviewUpcoming, caseId, new DateOnly(2026, 3, 2),
        [to], [], null, new NotificationFacts { ResponseEvent = "ReviewMeetingScheduled", AwaitingInstanceId = $"review:{caseId}" });

    public static Notification MonitoringVisitDue(string caseId = "P-2001", string to = "placements@example.org") => new(
        $"monitoring:{caseId}/c1/visit-due", NotificationKind.MonitoringVisitDue, caseId, new DateOnly(2026, 3, 2),
        [to], ["caseworker@example.org"], new DateOnly(2026, 3, 30),
        new NotificationFacts { ResponseEvent = "MonitoringVisitRecorded", AwaitingInstanceId = $"monitoring:{caseId}" });

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
}
