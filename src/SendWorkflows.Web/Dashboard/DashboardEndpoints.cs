using System.Text;
using SendWorkflows.Domain;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Email.Templates;
using SendWorkflows.Workflows;

namespace SendWorkflows.Web.Dashboard;

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
        staff.MapGet("/my-cases", MyCasesPage.ShowAsync);
    }

    static async Task<IResult> OverviewAsync(HttpRequest request, DashboardQueries queries, Workflows.Operations.FailedWorkflows failedWorkflows, IRejectedItems rejectedItems, CancellationToken cancellationToken)
    {
        var period = PeriodForm.Read(request.Query, queries.Today);
        // Independent reads, side by side. The overdue tile counts the KPIs' overdue reviews: the same plans the
        // overdue page lists (not ceased, due before today), so the register's index is not read for them twice.
        var failedRead = failedWorkflows.ListAsync(cancellationToken);
        var summaryRead = queries.RegisterSummaryAsync(cancellationToken);
        var openRead = queries.OpenAssessmentsAsync(cancellationToken);
        var rejectedRead = rejectedItems.CountAsync(cancellationToken);
        var chasesRead = queries.RecentChasesAsync(ChaseWeeks, cancellationToken);
        var view = await queries.KpiViewAsync(period.Period, cancellationToken);
        var (failed, plans, open, rejected, chases) = (await failedRead, (await summaryRead).Plans, await openRead, await rejectedRead, await chasesRead);
        var overdue = view.Report.OverdueReviews.PlanIds;
        var kpis = KpiSection.Render(view);
        return Page("Overview", "/dashboard", Html.Of($"""
            <p class="govuk-body govuk-hint">As of {queries.Today:d MMMM yyyy}.</p>
            <div class="app-tiles">
              {Govuk.Tile("plan-count", plans, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/register\">{Plural.Of(plans, "plan", "plans")} in the register</a>"))}
              {Govuk.Tile("overdue-count", overdue.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/overdue\">{Plural.Of(overdue.Count, "review", "reviews")} overdue</a>"), overdue.Count > 0)}
              {Govuk.Tile("open-assessments", open.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/assessments\">open {Plural.Of(open.Count, "assessment", "assessments")}</a> ({open.Count(a => a.Overdue)} past 20 weeks)"))}
              {Govuk.Tile("chase-count", chases.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/overdue#chases\">{Plural.Of(chases.Count, "chase or escalation", "chases and escalations")} in the last {ChaseWeeks} weeks</a>"))}
              {Govuk.Tile("rejected-count", rejected.Total, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/rejected-events\">rejected {Plural.Of(rejected.Total, "event", "events")}</a> ({rejected.Open} still open)"))}
              {Govuk.Tile("failed-count", failed.Count, Html.Of($"<a class=\"govuk-link\" href=\"/dashboard/failed\">{Plural.Of(failed.Count, "workflow", "workflows")} stopped by an error</a>"), failed.Count > 0)}
            </div>
            {PeriodForm.Render("/dashboard", period, queries.Today)}
            {kpis}
            <p class="govuk-body">These figures as JSON, for Power BI or a board pack: <code class="app-code">GET /api/kpis{period.Query}</code> with the API key.</p>
            """));
    }

    /// <summary>The window of chases the overview counts and the overdue page lists: the same, so the tile's figure is what its link shows.</summary>
    public const int ChaseWeeks = 8;

    static async Task<IResult> RegisterAsync(HttpRequest request, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var today = queries.Today;
        var filter = RegisterFilter.From(request.Query);
        var (slice, summary, page, pages) = await PageOfAsync(queries, filter, today, RegisterFilter.PageSize, cancellationToken);
        var visits = await queries.MonitoringVisitsOfAsync(slice.Plans.Select(p => p.PlanId), cancellationToken);
        var rows = slice.Plans.Select(plan =>
        {
            var entry = plan.Entry;
            var visit = visits.GetValueOrDefault(entry.PlanId);
            return Govuk.Row(Govuk.CaseLink(entry.PlanId), entry.ChildInitials, entry.YearGroup, entry.SettingName, Labels.Of(entry.SettingType),
                plan.CaseworkerEmail, Day(entry.LastReviewOn), Due(entry.NextReviewDue, RegisterFilter.IsOverdue(entry, today)), Day(entry.TargetMeetingOn),
                Labels.Of(entry.Transfer), Status(RegisterFilter.StatusOf(entry)), Day(visit is null ? entry.LastMonitoringVisitOn : visit.LastVisitOn),
                Day(visit is { Monitored: true } ? visit.VisitDueOn : null), VisitStatus(visit, entry, today), Waiting(entry, today));
        }).ToList();
        var matching = slice.Total;
        var shown = matching == 0 ? "No plans match" : $"Showing {(page - 1) * RegisterFilter.PageSize + 1} to {(page - 1) * RegisterFilter.PageSize + rows.Count} of {Plural.Count(matching, "plan", "plans")}";
        var whenEmpty = summary.Plans == 0
            ? "No plans yet. Plans appear here once a caseload is loaded (POST /api/caseload or sendworkflows import); the demo loads its plans within seconds of starting."
            : "No plan matches this search and these filters. Clear the filters to see every plan.";
        return Page("Register of EHC plans", "/dashboard/register", Html.Of($"""
            {RegisterForm(filter, summary)}
            <p class="govuk-body" id="register-count">{shown}{(matching == summary.Plans ? "" : $" (of {summary.Plans} in the register)")}. <a class="govuk-link" href="/dashboard/register.csv{filter.Query(page: 1)}" id="register-csv">{(matching == 1 ? "Download this plan as CSV" : $"Download these {matching} plans as CSV")}</a></p>
            {Govuk.Table("register", "EHC plans", ["Plan", "Initials", "Year", "Setting", "Type", "Caseworker", "Last review", "Next review due", "Target meeting", "Transfer", "Status", "Last monitoring visit", "Visit due", "Visit", "Awaiting provision"], rows, whenEmpty)}
            {SortLinks(filter)}
            {Govuk.Pagination("/dashboard/register", page, pages, p => filter.Query(page: p))}
            """));
    }

    /// <summary>Search and filters, in one GET form (so a filtered register is a link that can be shared or bookmarked).</summary>
    static Html RegisterForm(RegisterFilter filter, RegisterSummary summary)
    {
        static Html Options(IEnumerable<(string Value, string Label)> options, string selected, string anyLabel) =>
            Html.Join(new (string Value, string Label)[] { ("", anyLabel) }.Concat(options).Select(o => o.Value == selected
                ? Html.Of($"""<option value="{o.Value}" selected>{o.Label}</option>""")
                : Html.Of($"""<option value="{o.Value}">{o.Label}</option>""")));
        var caseworkers = Caseworkers(summary).Select(c => (c, c));
        var settings = summary.Settings.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(s => (s, s));
        var types = Enum.GetValues<SettingType>().Select(t => (t.ToString(), Labels.Of(t)));
        var statuses = summary.Statuses.Keys.Order(StringComparer.Ordinal).Select(s => (s, StatusText(s)));
        static Html Select(string id, string label, Html options) => Html.Of($"""
            <div class="govuk-form-group app-filter"><label class="govuk-label govuk-label--s" for="{id}">{label}</label><select class="govuk-select" id="{id}" name="{id}">{options}</select></div>
            """);
        return Html.Of($"""
            <form method="get" action="/dashboard/register" id="register-filters" class="app-filters">
              <div class="govuk-form-group app-filter"><label class="govuk-label govuk-label--s" for="q">Plan or initials</label>
                <div class="govuk-hint" id="q-hint">For example EHC-1001 or AB</div>
                <input class="govuk-input govuk-input--width-10" id="q" name="q" type="search" value="{filter.Search}" aria-describedby="q-hint" autocomplete="off" spellcheck="false"></div>
              {Select("caseworker", "Caseworker", Options(caseworkers, filter.Caseworker, "Any caseworker"))}
              {Select("setting", "Setting", Options(settings, filter.Setting, "Any setting"))}
              {Select("type", "Setting type", Options(types, filter.Type?.ToString() ?? "", "Any type"))}
              {Select("status", "Status", Options(statuses, filter.Status, "Any status"))}
              <div class="govuk-form-group app-filter"><div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes"><div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="overdue" name="overdue" type="checkbox" value="yes"{(filter.OverdueOnly ? Html.Of($" checked") : Html.Empty)}>
                <label class="govuk-label govuk-checkboxes__label" for="overdue">Overdue only</label></div></div></div>
              <input type="hidden" name="sort" value="{(filter.Sort == RegisterSort.NextReviewDue ? "" : filter.Sort.ToString())}"><input type="hidden" name="dir" value="{(filter.Descending ? "desc" : "")}">
              <div class="govuk-button-group"><button type="submit" class="govuk-button" data-module="govuk-button" id="apply-filters">Apply</button>
              <a class="govuk-link" href="/dashboard/register">Clear filters</a></div>
            </form>
            """);
    }

    /// <summary>Sort links: a plain list rather than sortable headings, so they work without JavaScript and are one tab stop each.</summary>
    static Html SortLinks(RegisterFilter filter)
    {
        Html Link(RegisterSort sort, string label)
        {
            var current = filter.Sort == sort;
            var descending = current && !filter.Descending;
            var state = current ? (filter.Descending ? " (sorted, latest first)" : " (sorted)") : "";
            return Html.Of($"""<li><a class="govuk-link" href="/dashboard/register{filter.Query(page: 1, sort: sort, descending: descending)}">{label}</a>{state}</li>""");
        }

        return Html.Of($"""
            <h2 class="govuk-heading-s" id="sort-heading">Sort by</h2>
            <ul class="govuk-list" aria-labelledby="sort-heading">{Link(RegisterSort.NextReviewDue, "Next review due")}{Link(RegisterSort.Plan, "Plan")}{Link(RegisterSort.Setting, "Setting")}</ul>
            """);
    }

    /// <summary>The caseworkers the register holds, one spelling each, for the filters' choices.</summary>
    internal static IReadOnlyList<string> Caseworkers(RegisterSummary summary) =>
        summary.Caseworkers.Keys.Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The filter's page of <paramref name="size"/> plans from the index; a page past the last shows the last.</summary>
    internal static async Task<(RegisterSlice Slice, RegisterSummary Summary, int Page, int Pages)> PageOfAsync(DashboardQueries queries, RegisterFilter filter, DateOnly today, int size, CancellationToken cancellationToken)
    {
        var (slice, summary) = await queries.RegisterPageAsync(filter.ToQuery(today, (filter.Page - 1) * size, size), cancellationToken);
        var pages = Math.Max(1, (slice.Total + size - 1) / size);
        if (filter.Page <= pages)
        {
            return (slice, summary, filter.Page, pages);
        }

        return (await queries.RegisterSliceAsync(filter.ToQuery(today, (pages - 1) * size, size), cancellationToken), summary, pages, pages);
    }

    /// <summary>The CSV of exactly what the register page's filters select (every page of it): the filtered index, not the whole register.</summary>
    static async Task<IResult> RegisterCsvAsync(HttpRequest request, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var plans = (await queries.RegisterSliceAsync(RegisterFilter.From(request.Query).ToQuery(queries.Today), cancellationToken)).Plans;
        var visits = await queries.MonitoringVisitsOfAsync(plans.Select(p => p.PlanId), cancellationToken);
        return Results.File(Encoding.UTF8.GetBytes(RegisterCsv.Write(plans, visits, queries.Today)), "text/csv; charset=utf-8", $"register-{queries.Today:yyyy-MM-dd}.csv");
    }

    static async Task<IResult> AssessmentsAsync(DashboardQueries queries, CancellationToken cancellationToken)
    {
        var open = await queries.OpenAssessmentsAsync(cancellationToken);
        var chart = SvgChart.Bars("chart-weeks", "Weeks since the request, longest first (red: past the 20-week limit)",
            open.Take(25).Select(a => new Bar(a.CaseId, a.WeeksElapsed, 26, Plural.Count(a.WeeksElapsed, "week", "weeks"), a.Overdue)).ToList(),
            "No assessment is open, so there is nothing to draw.", "Weeks since the request");
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

    static async Task<IResult> RejectedAsync(HttpRequest request, IRejectedItems items, CancellationToken cancellationToken)
    {
        // 50 a page, newest as the store lists them: a backlog of rejections must not stretch the page, nor be read whole for it.
        var counts = await items.CountAsync(cancellationToken);
        var pages = Math.Max(1, (counts.Total + RegisterFilter.PageSize - 1) / RegisterFilter.PageSize);
        var page = Math.Clamp(int.TryParse(request.Query["page"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 1, 1, pages);
        var rejected = await items.PageAsync((page - 1) * RegisterFilter.PageSize, RegisterFilter.PageSize, cancellationToken);
        var rows = rejected.Select(i => (i.Key, r: i.Rejected, i)).Select(x => Govuk.Row(x.r.Source, x.r.EventId, x.r.CaseId, x.r.Type, x.r.Line, x.r.Field, x.r.Reason,
            RejectedItemPages.Status(x.i),
            Html.Of($"""<a class="govuk-link" href="{RejectedItemPages.PathOf(x.Key)}">Open<span class="govuk-visually-hidden"> rejected item {x.r.EventId ?? x.r.CaseId ?? x.r.Source}{(x.r.Line is { } line ? $" line {line}" : "")}</span></a>""")));
        return Page("Rejected events and rows", "/dashboard/rejected-events", Html.Of($"""
            {Govuk.P("Nothing rejected is dropped. Open an item to see why it was rejected; an administrator can correct it and send it again here, or dismiss it with a reason. It can also be corrected in the file or system it came from and sent again (same event id is fine once it was rejected).")}
            {Govuk.P("Initials, dates of birth and e-mail addresses are not kept here; the line, event id and case find the item at its source.")}
            {Govuk.Table("rejected", "Rejected items", ["Source", "Event id", "Case", "Type", "Line", "Field", "Reason", "Status", "Item"], rows, "Nothing has been rejected: every event and caseload row received so far was accepted.")}
            {Govuk.Pagination("/dashboard/rejected-events", page, pages, n => n > 1 ? $"?page={n}" : "")}
            """));
    }

    static async Task<IResult> CaseAsync(string caseId, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var timeline = await queries.TimelineAsync(caseId, cancellationToken);
        var record = await queries.CaseAsync(caseId, cancellationToken);
        var plan = record.Plan;
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
            : Html.Of($"""{summary}{CasePage.Render(record, queries.Today)}{Govuk.Table("timeline", "Timeline of events and notifications", ["On", "What", "Detail", "Due"], rows, "Nothing has happened on this case yet: its first request or reminder is still to come.")}""");
        return Page($"Case {caseId}", "/dashboard/register", body);
    }

    /// <summary>A monitoring visit's state as a tag; nothing for a plan whose placement is not visited.</summary>
    internal static Html VisitStatus(MonitoringVisitEntry? visit, RegisterEntry entry, DateOnly today)
    {
        var status = visit is null || entry.Ceased ? MonitoringVisitStatus.NotMonitored : visit.StatusOn(today);
        return status switch
        {
            MonitoringVisitStatus.NotMonitored => Html.Empty,
            MonitoringVisitStatus.Overdue => Govuk.Tag(Labels.Of(status), "red"),
            MonitoringVisitStatus.Due => Govuk.Tag(Labels.Of(status), "orange"),
            _ => Govuk.Tag(Labels.Of(status), "blue"),
        };
    }

    /// <summary>"Yes, 40 days" for a child waiting for provision since a known date.</summary>
    internal static string Waiting(RegisterEntry entry, DateOnly today) =>
        !entry.AwaitingProvision ? ""
        : entry.AwaitingProvisionSince is { } since ? $"Yes, {Plural.Count(today.DayNumber - since.DayNumber, "day", "days")}"
        : "Yes";

    internal static string Day(DateOnly? day) => UkDate.Short(day);

    /// <summary>A due date, tagged when it has passed.</summary>
    internal static Html Due(DateOnly due, bool late) => late ? Html.Of($"{Day(due)} {Govuk.Tag("Overdue", "red")}") : Html.Of($"{Day(due)}");

    /// <summary>A register status ("escalated", "meeting scheduled") as a tag, coloured by how urgent it is.</summary>
    static string StatusText(string status) => status.Length == 0 ? "" : char.ToUpperInvariant(status[0]) + status[1..];

    static Html Status(string status)
    {
        var text = StatusText(status);
        var colour = status switch
        {
            "escalated" or "overdue" => "red",
            "ceased" => "grey",
            _ when status.Contains("late", StringComparison.Ordinal) => "orange",
            _ => "blue",
        };
        return Govuk.Tag(text, colour);
    }

    internal static IResult Page(string title, string section, Html body) => Results.Content(Layout.Staff(title, body, section), "text/html; charset=utf-8");
}
