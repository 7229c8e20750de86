using System.Net;
using System.Text;
using SendWorkflows.Domain;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Dashboard;

public sealed class DashboardTests : IAsyncLifetime
{
    TestHost host = null!;
    HttpClient staff = null!;

    public async Task InitializeAsync()
    {
        host = await TestHost.StartAsync();
        staff = await Forms.SignedInAsync(host);
        await host.Register.UpsertAsync(Plan("P-LATE", "=HYPERLINK(\"http://x\")", new DateOnly(2026, 2, 1)));
        await host.Register.UpsertAsync(Plan("P-SOON", "<script>alert(1)</script>", new DateOnly(2026, 9, 1)));
        await host.Notifications.RecordAsync(new Notification("k1", NotificationKind.AdviceEscalation, "EHC-1001", new DateOnly(2026, 2, 27),
            ["ep.manager@example.org"], [], new DateOnly(2026, 2, 25), new NotificationFacts { ContactKey = "ep" }));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    static RegisteredPlan Plan(string id, string setting, DateOnly nextReview) => new(
        new RegisterEntry(id, "QX", YearGroup.Year(5), setting, SettingType.Mainstream, nextReview.AddYears(-1), nextReview, nextReview,
            TransferKind.None, "awaiting meeting", null, false),
        "senco@example.org", "caseworker@example.org");

    [Fact]
    public async Task The_register_lists_every_plan_marks_overdue_reviews_and_encodes_case_data()
    {
        var page = await staff.GetStringAsync("/dashboard/register");

        Assert.Contains("P-LATE", page, StringComparison.Ordinal);
        Assert.Contains("""<td class="govuk-table__cell">1 Feb 2026 <strong class="govuk-tag govuk-tag--red">Overdue</strong></td>""", page, StringComparison.Ordinal);
        Assert.Contains("""<td class="govuk-table__cell">1 Sep 2026</td>""", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_register_downloads_as_csv_with_formulas_defused()
    {
        var response = await staff.GetAsync("/dashboard/register.csv");
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.StartsWith("plan_id,child_initials,year_group,setting_name", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",5,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",mainstream,", lines[1], StringComparison.Ordinal); // the contract's spelling, as in the caseload file
        Assert.Contains(",none,", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_register_csv_ends_with_the_placement_columns_the_register_page_shows()
    {
        var today = Workflows.Calendar.WorkflowCalendar.UkDate(host.Clock.GetUtcNow().UtcDateTime);
        await host.Register.UpsertAsync(Plan("P-AWAY", "Hillside House", new DateOnly(2026, 9, 1)) with
        {
            Entry = Plan("P-AWAY", "Hillside House", new DateOnly(2026, 9, 1)).Entry with
            {
                SettingType = SettingType.Residential, AwaitingProvision = true, AwaitingProvisionSince = today.AddDays(-40),
            },
            CaseworkerEmail = "cw.placements@example.org",
        });
        await host.Get<IMonitoringVisitRegister>().UpsertAsync(new MonitoringVisitEntry(
            "P-AWAY", "QX", "Hillside House", SettingType.Residential, "cw.placements@example.org", today.AddMonths(-13), today.AddDays(-3)));

        var lines = (await staff.GetStringAsync("/dashboard/register.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith(
            ",ceased,caseworker_email,monitoring_visit_due_on,monitoring_visit_status,waiting_days", lines[0], StringComparison.Ordinal);
        var away = Assert.Single(lines, l => l.StartsWith("P-AWAY,", StringComparison.Ordinal));
        Assert.Contains(",residential,", away, StringComparison.Ordinal);
        Assert.EndsWith($",true,false,cw.placements@example.org,{today.AddDays(-3):yyyy-MM-dd},overdue,40", away, StringComparison.Ordinal);
        Assert.EndsWith(",false,false,caseworker@example.org,,,", Assert.Single(lines, l => l.StartsWith("P-SOON,", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_counts_overdue_reviews_and_recent_chases()
    {
        var page = await staff.GetStringAsync("/dashboard");

        Assert.Contains("""id="plan-count">2</span>""", page, StringComparison.Ordinal);
        Assert.Contains("""id="overdue-count">1</span>""", page, StringComparison.Ordinal);
        Assert.Contains("""id="chase-count">1</span>""", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        // Counted words agree with their figures: 2 plans, 1 review, 1 chase, 0 events.
        Assert.Contains(">plans in the register</a>", page, StringComparison.Ordinal);
        Assert.Contains(">review overdue</a>", page, StringComparison.Ordinal);
        Assert.Contains(">chase or escalation in the last 8 weeks</a>", page, StringComparison.Ordinal);
        Assert.Contains(">rejected events</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("1 reviews", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tables_show_dates_as_the_case_pages_do()
    {
        var register = await staff.GetStringAsync("/dashboard/register");
        var overdue = await staff.GetStringAsync("/dashboard/overdue");

        Assert.Contains(">1 Feb 2026 <strong", overdue, StringComparison.Ordinal);
        Assert.Contains(">27 Feb 2026</td>", overdue, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-02-01", register, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-02-27", overdue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_assessments_show_weeks_elapsed_against_twenty()
    {
        var api = host.Client(TestHost.ApiKey);
        await api.PostAsync("/api/events", new StringContent(SampleEvents.AssessmentRequested(), Encoding.UTF8, "application/json"));
        host.Clock.Advance(TimeSpan.FromDays(7 * 21));

        var page = await staff.GetStringAsync("/dashboard/assessments");

        Assert.Contains("EHC-1001", page, StringComparison.Ordinal);
        Assert.Contains("""<td class="govuk-table__cell">21 <strong class="govuk-tag govuk-tag--red">Past 20 weeks</strong></td>""", page, StringComparison.Ordinal);
        Assert.Contains("20 Jul 2026", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_timeline_shows_its_events_and_notifications_in_date_order()
    {
        var api = host.Client(TestHost.ApiKey);
        await api.PostAsync("/api/events", new StringContent(SampleEvents.AssessmentRequested(), Encoding.UTF8, "application/json"));

        var page = await staff.GetStringAsync("/dashboard/cases/EHC-1001");

        var requested = page.IndexOf("Received: Assessment requested", StringComparison.Ordinal);
        var escalation = page.IndexOf("Sent: Advice overdue from your team", StringComparison.Ordinal);
        Assert.True(escalation >= 0 && requested > escalation, "the 27 February escalation comes before the 2 March request");
        Assert.DoesNotContain("AssessmentRequested", page, StringComparison.Ordinal);
        Assert.DoesNotContain("AdviceEscalation", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_events_are_visible_to_staff()
    {
        var api = host.Client(TestHost.ApiKey);
        await api.PostAsync("/api/events", new StringContent(SampleEvents.AdviceRequested(caseId: "EHC-404"), Encoding.UTF8, "application/json"));

        var page = await staff.GetStringAsync("/dashboard/rejected-events");

        Assert.Contains("EHC-404", page, StringComparison.Ordinal);
        Assert.Contains("unknown case", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_case_says_nothing_is_recorded()
    {
        var response = await staff.GetAsync("/dashboard/cases/NOPE-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nothing is recorded for case NOPE-1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_lists_say_why_they_are_empty_rather_than_showing_a_blank_table()
    {
        var assessments = await staff.GetStringAsync("/dashboard/assessments");
        var rejected = await staff.GetStringAsync("/dashboard/rejected-events");
        var unknownCase = await staff.GetStringAsync("/dashboard/cases/P-SOON");

        Assert.Contains("No assessment is open. One appears here when the case-management system sends an AssessmentRequested event", assessments, StringComparison.Ordinal);
        Assert.Contains("Nothing has been rejected", rejected, StringComparison.Ordinal);
        Assert.Contains("Nothing has happened on this case yet", unknownCase, StringComparison.Ordinal);
    }
}
