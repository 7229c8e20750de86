using System.Text;
using SendWorkflows.Domain;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Dashboard;

/// <summary>A case's page: key dates, the steps as a task list, who has sent advice and who is awaited, each limit's outcome.</summary>
public sealed class CasePageTests : IAsyncLifetime
{
    TestHost host = null!;
    HttpClient staff = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        staff = await Forms.SignedInAsync(host);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    async Task PostAsync(string json) =>
        (await host.Client(TestHost.ApiKey).PostAsync("/api/events", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

    static Notification AdviceRequest(string contact, DateOnly on) => new($"EHC-1001/{contact}/AdviceRequest", NotificationKind.AdviceRequest, "EHC-1001", on,
        [$"{contact}.team@example.org"], [], StatutoryCalendar.AdviceDue(on), new NotificationFacts { ContactKey = contact });

    [Fact]
    public async Task An_assessment_shows_its_statutory_dates_its_steps_and_which_contributor_sent_advice()
    {
        await PostAsync(SampleEvents.AssessmentRequested());
        await host.Notifications.RecordAsync(AdviceRequest("ep", new DateOnly(2026, 3, 3)));
        await host.Notifications.RecordAsync(AdviceRequest("health", new DateOnly(2026, 3, 3)));
        host.Clock.Advance(TimeSpan.FromDays(30));
        await PostAsync("""{"id":"evt-3","type":"AdviceReceived","caseId":"EHC-1001","on":"2026-04-01","contact":"ep"}""");
        host.Clock.Advance(TimeSpan.FromDays(30)); // 1 May 2026: the 6-week decision (13 April) and the advice (14 April) are late

        var page = await staff.GetStringAsync("/dashboard/cases/EHC-1001");

        Assert.Contains("""<dt class="govuk-summary-list__key">Decision due (6 weeks)</dt><dd class="govuk-summary-list__value">13 Apr 2026</dd>""", page, StringComparison.Ordinal);
        Assert.Contains("""<dt class="govuk-summary-list__key">Final plan due (20 weeks)</dt><dd class="govuk-summary-list__value">20 Jul 2026</dd>""", page, StringComparison.Ordinal);
        Assert.Contains("""<ul class="govuk-task-list" id="assessment-tasks">""", page, StringComparison.Ordinal);
        Assert.Contains("""<div>Decide whether to assess</div><div class="govuk-task-list__hint">by 13 Apr 2026</div></div><div class="govuk-task-list__status"><strong class="govuk-tag govuk-tag--red">Overdue</strong>""", page, StringComparison.Ordinal);
        Assert.Contains("1 of 2 received", page, StringComparison.Ordinal);
        Assert.Matches("""ep<br><span class="govuk-hint">ep.team@example.org</span>.*Received on time""", Between(page, "id=\"assessment-advice\"", "</table>").Split("</tr>")[1]);
        Assert.Contains("Awaited", Between(page, "id=\"assessment-advice\"", "</table>").Split("</tr>")[2], StringComparison.Ordinal);
        Assert.Contains("""<td class="govuk-table__cell">decision within 6 weeks</td><td class="govuk-table__cell">13 Apr 2026</td><td class="govuk-table__cell"></td><td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Missed</strong>""", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_shows_its_due_and_target_dates_the_meeting_and_the_decision_due()
    {
        await host.Register.UpsertAsync(new RegisteredPlan(
            new RegisterEntry("P-1", "QX", YearGroup.Year(5), "Oak Primary", SettingType.Mainstream, new DateOnly(2025, 6, 10), new DateOnly(2026, 6, 10), new DateOnly(2026, 6, 10),
                TransferKind.None, "meeting fixed", null, false),
            "senco@oak.example.org", "caseworker@council.example.org"));
        host.Dispatcher.Know("P-1");
        await PostAsync("""{"id":"evt-m","type":"ReviewMeetingScheduled","caseId":"P-1","on":"2026-03-02","meetingOn":"2026-05-20"}""");

        var page = await staff.GetStringAsync("/dashboard/cases/P-1");

        Assert.Contains("""<dt class="govuk-summary-list__key">Review due</dt><dd class="govuk-summary-list__value">10 Jun 2026</dd>""", page, StringComparison.Ordinal);
        Assert.Contains("""<dt class="govuk-summary-list__key">Meeting</dt><dd class="govuk-summary-list__value">Fixed for 20 May 2026</dd>""", page, StringComparison.Ordinal);
        Assert.Contains("""<dt class="govuk-summary-list__key">Decision due (4 weeks after the meeting)</dt><dd class="govuk-summary-list__value">17 Jun 2026</dd>""", page, StringComparison.Ordinal);
        Assert.Contains("""<ul class="govuk-task-list" id="review-tasks">""", page, StringComparison.Ordinal);
        Assert.Contains("<div>Fix the meeting</div><div class=\"govuk-task-list__hint\">fixed for 20 May 2026</div></div><div class=\"govuk-task-list__status\">Completed</div>", page, StringComparison.Ordinal);
    }

    static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"{start} is not on the page");
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
