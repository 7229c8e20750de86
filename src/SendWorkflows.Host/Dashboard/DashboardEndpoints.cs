using System.Text;
using SendWorkflows.Host.Security;
using SendWorkflows.Host.Web;
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
        var chases = await queries.RecentChasesAsync(4, cancellationToken);
        var kpis = KpiSection.Render(await queries.KpisAsync(cancellationToken));
        return Page("Overview", Html.Of($"""
            <p class="muted">As of {queries.Today:yyyy-MM-dd}.</p>
            <div class="kpis">
              <div class="kpi"><b id="plan-count">{plans.Count}</b><a href="/dashboard/register">plans in the register</a></div>
              <div class="kpi"><b class="{(overdue.Count > 0 ? "overdue" : "ok")}" id="overdue-count">{overdue.Count}</b><a href="/dashboard/overdue">reviews overdue</a></div>
              <div class="kpi"><b id="open-assessments">{open.Count}</b><a href="/dashboard/assessments">open assessments</a> ({open.Count(a => a.Overdue)} past 20 weeks)</div>
              <div class="kpi"><b id="chase-count">{chases.Count}</b><a href="/dashboard/overdue">chases and escalations in 4 weeks</a></div>
              <div class="kpi"><b id="rejected-count">{rejected.Count}</b><a href="/dashboard/rejected-events">rejected events</a></div>
              <div class="kpi"><b class="{(failed.Count > 0 ? "overdue" : "ok")}" id="failed-count">{failed.Count}</b><a href="/dashboard/failed">workflows stopped by an error</a></div>
            </div>
            {kpis}
            """));
    }

    static async Task<IResult> RegisterAsync(DashboardQueries queries, CancellationToken cancellationToken)
    {
        var today = queries.Today;
        var rows = (await queries.RegisterAsync(cancellationToken)).Select(plan =>
        {
            var entry = plan.Entry;
            var late = !entry.Ceased && entry.NextReviewDue < today;
            return Html.Of($"""
                <tr><td><a href="/dashboard/cases/{Uri.EscapeDataString(entry.PlanId)}">{entry.PlanId}</a></td><td>{entry.ChildInitials}</td>
                <td>{entry.YearGroup}</td><td>{entry.SettingName}</td><td>{entry.SettingType}</td><td>{entry.LastReviewOn:yyyy-MM-dd}</td>
                <td class="{(late ? "overdue" : "")}">{entry.NextReviewDue:yyyy-MM-dd}</td><td>{entry.TargetMeetingOn:yyyy-MM-dd}</td>
                <td>{entry.Transfer}</td><td>{(entry.Ceased ? "Ceased" : entry.Status)}</td><td>{entry.LastMonitoringVisitOn:yyyy-MM-dd}</td>
                <td>{(entry.AwaitingProvision ? "yes" : "")}</td></tr>
                """);
        }).ToList();
        return Page("Register of EHC plans", Html.Of($"""
            <p><a href="/dashboard/register.csv" id="register-csv">Download as CSV</a> ({rows.Count} plans)</p>
            <table id="register"><thead><tr><th>Plan</th><th>Initials</th><th>Year</th><th>Setting</th><th>Type</th><th>Last review</th>
            <th>Next review due</th><th>Target meeting</th><th>Transfer</th><th>Status</th><th>Last monitoring visit</th><th>Awaiting provision</th></tr></thead>
            <tbody>{Rows(rows, 12, "No plans yet. Plans appear here once a caseload is loaded (POST /api/caseload or sendworkflows import); the demo loads its plans within seconds of starting.")}</tbody></table>
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
        var rows = open.Select(a => Html.Of($"""
            <tr><td><a href="/dashboard/cases/{Uri.EscapeDataString(a.CaseId)}">{a.CaseId}</a></td><td>{a.RequestedOn:yyyy-MM-dd}</td>
            <td class="{(a.Overdue ? "overdue" : "")}">{a.WeeksElapsed}</td><td>{a.FinalPlanDue:yyyy-MM-dd}</td></tr>
            """));
        return Page("Open EHC needs assessments", Html.Of($"""
            {chart}
            <table id="assessments"><thead><tr><th>Case</th><th>Requested</th><th>Weeks elapsed (of 20)</th><th>Final plan due</th></tr></thead>
            <tbody>{Rows(rows, 4, "No assessment is open. One appears here when the case-management system sends an AssessmentRequested event, and leaves when the final plan is issued or not.")}</tbody></table>
            """));
    }

    static async Task<IResult> OverdueAsync(DashboardQueries queries, CancellationToken cancellationToken)
    {
        var overdue = (await queries.OverdueReviewsAsync(cancellationToken)).Select(p => Html.Of($"""
            <tr><td><a href="/dashboard/cases/{Uri.EscapeDataString(p.PlanId)}">{p.PlanId}</a></td><td>{p.Entry.SettingName}</td>
            <td class="overdue">{p.Entry.NextReviewDue:yyyy-MM-dd}</td><td>{p.Entry.Status}</td></tr>
            """));
        var chases = (await queries.RecentChasesAsync(8, cancellationToken)).Select(n => Html.Of($"""
            <tr><td>{n.On:yyyy-MM-dd}</td><td><a href="/dashboard/cases/{Uri.EscapeDataString(n.CaseId)}">{n.CaseId}</a></td><td>{n.Kind}</td>
            <td>{n.Facts.ContactKey}</td><td>{n.DueOn:yyyy-MM-dd}</td><td>{string.Join(", ", n.To)}</td></tr>
            """));
        return Page("Overdue and escalated", Html.Of($"""
            <h2>Annual reviews past their due date</h2>
            <table id="overdue-reviews"><thead><tr><th>Plan</th><th>Setting</th><th>Review due</th><th>Status</th></tr></thead><tbody>{Rows(overdue, 4, "No annual review is past its due date.")}</tbody></table>
            <h2>Chases and escalations sent in the last 8 weeks</h2>
            <table id="chases"><thead><tr><th>Sent</th><th>Case</th><th>Kind</th><th>Contact</th><th>Was due</th><th>To</th></tr></thead><tbody>{Rows(chases, 6, "No reminder, overdue notice or escalation was sent in the last 8 weeks. Reminders go out before advice or a review meeting falls due, escalations once it is late.")}</tbody></table>
            """));
    }

    static async Task<IResult> RejectedAsync(DashboardQueries queries, CancellationToken cancellationToken)
    {
        var rows = (await queries.RejectedAsync(cancellationToken)).Select(r => Html.Of($"""
            <tr><td>{r.Source}</td><td>{r.EventId}</td><td>{r.CaseId}</td><td>{r.Type}</td><td>{r.Line}</td><td>{r.Field}</td><td>{r.Reason}</td>
            <td><details><summary>as received, without personal values</summary><pre>{r.Raw}</pre></details></td></tr>
            """));
        return Page("Rejected events and rows", Html.Of($"""
            <p>Nothing rejected is dropped: correct the item in the file or system it came from and send it again (same event id is fine once it was rejected).
            Initials, dates of birth and e-mail addresses are not kept here; the line, event id and case find the item at its source.</p>
            <table id="rejected"><thead><tr><th>Source</th><th>Event id</th><th>Case</th><th>Type</th><th>Line</th><th>Field</th><th>Reason</th><th>Item</th></tr></thead>
            <tbody>{Rows(rows, 8, "Nothing has been rejected: every event and caseload row received so far was accepted.")}</tbody></table>
            """));
    }

    static async Task<IResult> CaseAsync(string caseId, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var timeline = await queries.TimelineAsync(caseId, cancellationToken);
        var plan = (await queries.RegisterAsync(cancellationToken)).FirstOrDefault(p => p.PlanId == caseId);
        var summary = plan is null ? Html.Empty : Html.Of($"""
            <p>{plan.Entry.ChildInitials}, year {plan.Entry.YearGroup}, {plan.Entry.SettingName}. Next review due {plan.Entry.NextReviewDue:yyyy-MM-dd}; {plan.Entry.Status}.</p>
            """);
        var rows = timeline.Select(e => Html.Of($"""<tr><td>{e.On:yyyy-MM-dd}</td><td>{e.What}</td><td>{e.Detail}</td><td>{e.DueOn:yyyy-MM-dd}</td></tr>"""));
        var body = timeline.Count == 0 && plan is null
            ? Html.Of($"""<div class="notice">Nothing is recorded for case {caseId}.</div>""")
            : Html.Of($"""{summary}<table id="timeline"><thead><tr><th>On</th><th>What</th><th>Detail</th><th>Due</th></tr></thead><tbody>{Rows(rows, 4, "Nothing has happened on this case yet: its first request or reminder is still to come.")}</tbody></table>""");
        return Page($"Case {caseId}", body);
    }

    /// <summary>A table's rows, or one row that says why the table is empty (a blank table explains nothing).</summary>
    static Html Rows(IEnumerable<Html> rows, int columns, string whenEmpty)
    {
        var list = rows.ToList();
        return list.Count > 0 ? Html.Join(list) : Html.Of($"""<tr class="empty"><td colspan="{columns}" class="muted">{whenEmpty}</td></tr>""");
    }

    static IResult Page(string title, Html body) => Results.Content(Layout.Staff(title, body), "text/html; charset=utf-8");
}
