using System.Text.Json;
using System.Text.Json.Serialization;
using SendWorkflows.Domain;
using SendWorkflows.Web.Security;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// The dashboard's figures as JSON for Power BI and board packs (docs/reporting-api.md), behind the API key: the
/// same queries and parameters as the pages (<see cref="PeriodForm"/>, <see cref="RegisterFilter"/>).
/// </summary>
public static class ReportingApiEndpoints
{
    public const int MaxPageSize = 1000;

    static readonly JsonSerializerOptions Json = new(KpiReport.JsonOptions) { WriteIndented = false };

    public static void MapReportingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(StaffAuthentication.ApiPolicy).RequireRateLimiting(RequestLimits.ApiPolicy);
        api.MapGet("/kpis", KpisAsync);
        api.MapGet("/register", RegisterAsync);
        api.MapGet("/overdue", OverdueAsync);
    }

    /// <summary>The KPIs of a period: exactly the JSON of simulate's kpis.json for the same period and day.</summary>
    static async Task<IResult> KpisAsync(HttpRequest request, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var choice = PeriodForm.Read(request.Query, queries.Today);
        if (choice.Error is not null)
        {
            return Results.Json(new { error = choice.Error }, Json, statusCode: StatusCodes.Status400BadRequest);
        }

        var report = await queries.KpisAsync(choice.Period, cancellationToken);
        return Results.Text(report.ToJson().ReplaceLineEndings("\n") + "\n", "application/json; charset=utf-8");
    }

    /// <summary>The register page's filters and sort; <c>page</c> and <c>pageSize</c> (up to <see cref="MaxPageSize"/>) page it.</summary>
    static async Task<IResult> RegisterAsync(HttpRequest request, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var today = queries.Today;
        var filter = RegisterFilter.From(request.Query);
        var size = int.TryParse(request.Query["pageSize"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)
            ? Math.Clamp(s, 1, MaxPageSize)
            : RegisterFilter.PageSize;
        var slice = await queries.RegisterSliceAsync(filter.ToQuery(today, (filter.Page - 1) * size, size), cancellationToken);
        var pages = Math.Max(1, (slice.Total + size - 1) / size);
        var plans = slice.Plans.Select(p => new RegisterRow(
            p.PlanId, p.Entry.ChildInitials, p.Entry.YearGroup.ToString(), p.Entry.SettingName, p.Entry.SettingType, p.CaseworkerEmail,
            p.Entry.LastReviewOn, p.Entry.NextReviewDue, p.Entry.TargetMeetingOn, p.Entry.Transfer, RegisterFilter.StatusOf(p.Entry),
            RegisterFilter.IsOverdue(p.Entry, today), p.Entry.LastMonitoringVisitOn, p.Entry.AwaitingProvision)).ToList();
        return Results.Json(new RegisterPage(today, slice.Total, filter.Page, size, pages, plans), Json);
    }

    /// <summary>The overdue page's lists: reviews past their due date, chases of the last <c>weeks</c> (default 8), assessments past 20 weeks.</summary>
    static async Task<IResult> OverdueAsync(HttpRequest request, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var weeks = int.TryParse(request.Query["weeks"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w)
            ? Math.Clamp(w, 1, 104)
            : DashboardEndpoints.ChaseWeeks;
        var reviews = (await queries.OverdueReviewsAsync(cancellationToken))
            .Select(p => new OverdueReview(p.PlanId, p.Entry.ChildInitials, p.Entry.SettingName, p.Entry.NextReviewDue, p.Entry.TargetMeetingOn, RegisterFilter.StatusOf(p.Entry)))
            .ToList();
        var chases = (await queries.RecentChasesAsync(weeks, cancellationToken))
            .Select(n => new Chase(n.On, n.CaseId, n.Kind.ToString(), n.Facts.ContactKey, n.DueOn, n.To)).ToList();
        var assessments = (await queries.OpenAssessmentsAsync(cancellationToken)).Where(a => a.Overdue)
            .Select(a => new LateAssessment(a.CaseId, a.RequestedOn, a.WeeksElapsed, a.FinalPlanDue)).ToList();
        return Results.Json(new OverdueLists(queries.Today, reviews, weeks, chases, assessments), Json);
    }

    sealed record RegisterRow(
        string PlanId, string ChildInitials, string YearGroup, string SettingName, SettingType SettingType, string CaseworkerEmail,
        DateOnly? LastReviewOn, DateOnly NextReviewDue, DateOnly TargetMeetingOn, TransferKind Transfer, string Status, bool Overdue,
        DateOnly? LastMonitoringVisitOn, bool AwaitingProvision);

    sealed record RegisterPage(DateOnly AsOf, int Total, int Page, int PageSize, int Pages, IReadOnlyList<RegisterRow> Plans);

    sealed record OverdueReview(string PlanId, string ChildInitials, string SettingName, DateOnly ReviewDue, DateOnly TargetMeetingOn, string Status);

    sealed record Chase(DateOnly On, string CaseId, string Kind, string? Contact, DateOnly? DueOn, IReadOnlyList<string> To);

    sealed record LateAssessment(string CaseId, DateOnly RequestedOn, double WeeksElapsed, DateOnly? FinalPlanDue);

    sealed record OverdueLists(DateOnly AsOf, IReadOnlyList<OverdueReview> Reviews, int ChaseWeeks, IReadOnlyList<Chase> Chases, IReadOnlyList<LateAssessment> AssessmentsPast20Weeks);
}
