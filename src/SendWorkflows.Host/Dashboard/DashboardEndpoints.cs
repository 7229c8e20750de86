using System.Text;
using SendWorkflows.Host.Security;
using SendWorkflows.Host.Web;
using SendWorkflows.Infrastructure.Email.Templates;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Dashboard;

/// <summary>The staff dashboard: server-rendered pages behind the staff sign-in.</summary>
public static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/dashboard").RequireAuthorization(StaffAuthentication.StaffPolicy);
        staff.MapGet("/", OverviewAsync);
        staff.MapGet("/register", RegisterAsync);
        staff.MapGet("/register.csv", RegisterCsvAsync);
        staff.MapGet("/assessments", AssessmentsAsync);
        staff.MapGet("/overdue", OverdueAsync);
        staff.MapGet("/rejected-events", RejectedAsync);
        staff.MapGet("/cases/{caseId}", CaseAsync);
    }

    static async Task<IResult> OverviewAsync(DashboardQueries queries, Workflows.Operations.FailedWorkflows failedWorkflows, CancellationToken cancellationToken)
    {
        var failed = await failedWorkflows.ListAsync(cancellationToken);
        var plans = await queries.RegisterAsync(cancellationToken);
        var overdue = await queries.OverdueReviewsAsync(cancellationToken);
        var open = await queries.OpenAssessmentsAsync(cancellationToken);
        var rejected = await queries.RejectedAsync(cancellationToken);
        var chases = await queries.RecentChasesAsync(ChaseWeeks, cancellationToken);
        var kpis = KpiSection.Render(await queries.KpisAsync(cancellationToken));
        return Page("Overview", "/dashboard", Html.Of($"""
            <p class="govuk-body govuk-hint">As of {queries.Today:d MMMM yyyy}.</p>
            <div class="app-tiles">
              {Govuk.Tile("plan-count", plans.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/register\">plans in the register</a>"))}
              {Govuk.Tile("overdue-count", overdue.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/overdue\">reviews overdue</a>"), overdue.Count > 0)}
              {Govuk.Tile("open-assessments", open.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/assessments\">open assessments</a> ({open.Count(a => a.Overdue)} past 20 weeks)"))}
              {Govuk.Tile("chase-count", chases.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/overdue#chases\">chases and escalations in the last {ChaseWeeks} weeks</a>"))}
              {Govuk.Tile("rejected-count", rejected.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/rejected-events\">rejected events</a>"))}
              {Govuk.Tile("failed-count", failed.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/failed\">workflows stopped by an error</a>"), failed.Count > 0)}
            </div>
            {kpis}
            """));
    }

    /// <summary>The window of chases the overview counts and the overdue page lists: the same, so the tile's figure is what its link shows.</summary>
    const int ChaseWeeks = 8;

    static async Task<IResult> RegisterAsync(DashboardQueries queries, CancellationToken cancellationToken)
    {
        var today = queries.Today;
        var rows = (await queries.RegisterAsync(cancellationToken)).Select(plan =>
        {
            var entry = plan.Entry;
            var late = !entry.Ceased && entry.NextReviewDue < today;
            return Govuk.Row(Govuk.CaseLink(entry.PlanId), entry.ChildInitials, entry.YearGroup, entry.SettingName, Labels.Of(entry.SettingType),
                Day(entry.LastReviewOn), Due(entry.NextReviewDue, late), Day(entry.TargetMeetingOn), Labels.Of(entry.Transfer),
                Status(entry.Ceased ? "ceased" : entry.Status), Day(entry.LastMonitoringVisitOn), entry.AwaitingProvision ? "Yes" : "");
        }).ToList();
        return Page("Register of EHC plans", "/dashboard/register", Html.Of($"""
            <p class="govuk-body"><a class="govuk-link" href="/dashboard/register.csv" id="register-csv">Download as CSV</a> ({rows.Count} plans)</p>
            {Govuk.Table("register", "EHC plans", ["Plan", "Initials", "Year", "Setting", "Type", "Last review", "Next review due", "Target meeting", "Transfer", "Status", "Last monitoring visit", "Awaiting provision"],
                rows, "No plans yet. Plans appear here once a caseload is loaded (POST /api/caseload or sendworkflows import); the demo loads its plans within seconds of starting.")}
            """));
    }

    static async Task<IResult> RegisterCsvAsync(DashboardQueries queries, CancellationToken cancellationToken) =>
        Results.File(Encoding.UTF8.GetBytes(RegisterCsv.Write(await queries.RegisterAsync(cancellationToken))),
            "text/csv; charset=utf-8", $"register-{queries.Today:yyyy-MM-dd}.csv");

    static async Task<IResult> AssessmentsAsync(DashboardQueries queries, CancellationToken cancellationToken)
    {
        var open = await queries.OpenAssessmentsAsync(cancellationToken);
        var chart = BarChart.Render("Weeks elapsed against the 20-week limit",
            open.Take(25).Select(a => new Bar(a.CaseId, a.WeeksElapsed, 26, $"{a.WeeksElapsed} wk", a.Overdue)).ToList(), markerAt: OpenAssessment.StatutoryWeeks);
        var rows = open.Select(a => Govuk.Row(Govuk.CaseLink(a.CaseId), Day(a.RequestedOn), Day(a.DecisionDue),
            a.Overdue ? Html.Of($"{a.WeeksElapsed} {Govuk.Tag("Past 20 weeks", "red")}") : Html.Of($"{a.WeeksElapsed}"), Day(a.FinalPlanDue)));
        return Page("Open EHC needs assessments", "/dashboard/assessments", Html.Of($"""
            {chart}
            {Govuk.Table("assessments", "Open assessments", ["Case", "Requested", "Decision due (6 weeks)", "Weeks elapsed (of 20)", "Final plan due (20 weeks)"],
                rows, "No assessment is open. One appears here when the case-management system sends an AssessmentRequested event, and leaves when the final plan is issued or not.")}
            """));
    }

    static async Task<IResult> OverdueAsync(DashboardQueries queries, CancellationToken cancellationToken)
    {
        var overdue = (await queries.OverdueReviewsAsync(cancellationToken)).Select(p =>
            Govuk.Row(Govuk.CaseLink(p.PlanId), p.Entry.SettingName, Due(p.Entry.NextReviewDue, late: true), Status(p.Entry.Status)));
        var chases = (await queries.RecentChasesAsync(ChaseWeeks, cancellationToken)).Select(n =>
            Govuk.Row(Day(n.On), Govuk.CaseLink(n.CaseId), Labels.Of(n.Kind), n.Facts.ContactKey, Day(n.DueOn), string.Join(", ", n.To)));
        return Page("Overdue and escalated", "/dashboard/overdue", Html.Of($"""
            {Govuk.Table("overdue-reviews", "Annual reviews past their due date", ["Plan", "Setting", "Review due", "Status"], overdue, "No annual review is past its due date.")}
            {Govuk.Table("chases", $"Chases and escalations sent in the last {ChaseWeeks} weeks", ["Sent", "Case", "What", "Contact", "Was due", "To"], chases,
                $"No reminder, overdue notice or escalation was sent in the last {ChaseWeeks} weeks. Reminders go out before advice or a review meeting falls due, escalations once it is late.")}
            """));
    }

    static async Task<IResult> RejectedAsync(DashboardQueries queries, CancellationToken cancellationToken)
    {
        var rows = (await queries.RejectedAsync(cancellationToken)).Select(r => Govuk.Row(r.Source, r.EventId, r.CaseId, r.Type, r.Line, r.Reason,
            Html.Of($"""<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">As received</span></summary><div class="govuk-details__text"><pre class="app-raw">{r.Raw}</pre></div></details>""")));
        return Page("Rejected events and rows", "/dashboard/rejected-events", Html.Of($"""
            {Govuk.P("Nothing rejected is dropped: correct the item and send it again (same event id is fine once it was rejected).")}
            {Govuk.Table("rejected", "Rejected items", ["Source", "Event id", "Case", "Type", "Line", "Reason", "Item"], rows, "Nothing has been rejected: every event and caseload row received so far was accepted.")}
            """));
    }

    static async Task<IResult> CaseAsync(string caseId, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var timeline = await queries.TimelineAsync(caseId, cancellationToken);
        var plan = (await queries.RegisterAsync(cancellationToken)).FirstOrDefault(p => p.PlanId == caseId);
        var summary = plan is null ? Html.Empty : Govuk.SummaryList("plan-summary",
        [
            ("Child", Html.Of($"{plan.Entry.ChildInitials}, year {plan.Entry.YearGroup}")),
            ("Setting", Html.Of($"{plan.Entry.SettingName} ({Labels.Of(plan.Entry.SettingType)})")),
            ("Last review", Html.Of($"{Day(plan.Entry.LastReviewOn)}")),
            ("Next review due", Due(plan.Entry.NextReviewDue, !plan.Entry.Ceased && plan.Entry.NextReviewDue < queries.Today)),
            ("Target meeting", Html.Of($"{Day(plan.Entry.TargetMeetingOn)}")),
            ("Status", Status(plan.Entry.Ceased ? "ceased" : plan.Entry.Status)),
        ]);
        var rows = timeline.Select(e => Govuk.Row(Day(e.On), e.What, e.Detail, Day(e.DueOn)));
        var body = timeline.Count == 0 && plan is null
            ? Govuk.Inset(Html.Of($"Nothing is recorded for case {caseId}."))
            : Html.Of($"""{summary}{Govuk.Table("timeline", "Timeline of events and notifications", ["On", "What", "Detail", "Due"], rows, "Nothing has happened on this case yet: its first request or reminder is still to come.")}""");
        return Page($"Case {caseId}", "/dashboard/register", body);
    }

    static string Day(DateOnly? day) => day is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "";

    /// <summary>A due date, tagged when it has passed.</summary>
    static Html Due(DateOnly due, bool late) => late ? Html.Of($"{Day(due)} {Govuk.Tag("Overdue", "red")}") : Html.Of($"{Day(due)}");

    /// <summary>A register status ("escalated", "meeting scheduled") as a tag, coloured by how urgent it is.</summary>
    static Html Status(string status)
    {
        var text = status.Length == 0 ? "" : char.ToUpperInvariant(status[0]) + status[1..];
        var colour = status switch
        {
            "escalated" or "overdue" => "red",
            "ceased" => "grey",
            _ when status.Contains("late", StringComparison.Ordinal) => "orange",
            _ => "blue",
        };
        return Govuk.Tag(text, colour);
    }

    static IResult Page(string title, string section, Html body) => Results.Content(Layout.Staff(title, body, section), "text/html; charset=utf-8");
}
