using System.Security.Claims;
using SendWorkflows.Domain;
using SendWorkflows.Web.Pages;
using SendWorkflows.Workflows;

namespace SendWorkflows.Web.Dashboard;

/// <summary>One thing on a caseworker's list: a plan's review or monitoring visit falling due by the end of next week.</summary>
public sealed record CaseloadItem(string PlanId, string ChildInitials, string What, DateOnly DueOn, bool Overdue);

/// <summary>
/// A caseworker's own caseload: what is due or overdue this week and next (annual reviews, monitoring visits), and
/// the children waiting for provision. The caseworker is the signed-in member of staff when the sign-in says who
/// they are (an e-mail claim), otherwise the one chosen on the page.
/// </summary>
public static class MyCasesPage
{
    /// <summary>The items of <paramref name="caseworker"/>'s plans due by the Sunday of next week, or already overdue, soonest first.</summary>
    public static IReadOnlyList<CaseloadItem> DueThisWeekAndNext(
        string caseworker, IEnumerable<RegisteredPlan> plans, IReadOnlyDictionary<string, MonitoringVisitEntry> visits, DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var until = monday.AddDays(13);
        var items = new List<CaseloadItem>();
        foreach (var plan in Mine(caseworker, plans))
        {
            var entry = plan.Entry;
            if (entry.NextReviewDue <= until && entry.Status is "awaiting meeting" or "escalated" or "meeting fixed")
            {
                items.Add(new(entry.PlanId, entry.ChildInitials, "annual review", entry.NextReviewDue, entry.NextReviewDue < today));
            }

            if (visits.GetValueOrDefault(entry.PlanId) is { Monitored: true, VisitDueOn: { } visitDue } && visitDue <= until)
            {
                items.Add(new(entry.PlanId, entry.ChildInitials, "monitoring visit", visitDue, visitDue < today));
            }
        }

        return [.. items.OrderBy(i => i.DueOn).ThenBy(i => i.PlanId, StringComparer.Ordinal).ThenBy(i => i.What, StringComparer.Ordinal)];
    }

    static IEnumerable<RegisteredPlan> Mine(string caseworker, IEnumerable<RegisteredPlan> plans) =>
        plans.Where(p => !p.Entry.Ceased && string.Equals(p.CaseworkerEmail, caseworker, StringComparison.OrdinalIgnoreCase));

    public static async Task<IResult> ShowAsync(HttpContext context, DashboardQueries queries, CancellationToken cancellationToken)
    {
        var today = queries.Today;
        var summaryRead = queries.RegisterSummaryAsync(cancellationToken); // alongside the caseworker's own rows
        var signedIn = context.User.FindFirst(ClaimTypes.Email)?.Value ?? context.User.FindFirst("preferred_username")?.Value;
        var asked = context.Request.Query["caseworker"].ToString().Trim();
        var caseworker = asked.Length > 0 ? asked : signedIn ?? "";
        if (caseworker.Length == 0)
        {
            var choose = Chooser(DashboardEndpoints.Caseworkers(await summaryRead), caseworker);
            return DashboardEndpoints.Page("My cases", "/dashboard/my-cases", Html.Of($"""
                {choose}
                {Govuk.P("Choose a caseworker to see what is due or overdue on their cases this week and next.")}
                """));
        }

        // The caseworker's partition of the register's index, and the visit entries of those plans only.
        var plans = (await queries.RegisterSliceAsync(new RegisterQuery(today, Caseworker: caseworker), cancellationToken)).Plans;
        var visits = await queries.MonitoringVisitsOfAsync(plans.Select(p => p.PlanId), cancellationToken);
        var chooser = Chooser(DashboardEndpoints.Caseworkers(await summaryRead), caseworker);
        var items = DueThisWeekAndNext(caseworker, plans, visits, today);
        var rows = items.Select(i => Govuk.Row(Govuk.CaseLink(i.PlanId), i.ChildInitials, i.What, DashboardEndpoints.Due(i.DueOn, i.Overdue)));
        var waiting = Mine(caseworker, plans).Where(p => p.Entry.AwaitingProvision)
            .OrderBy(p => p.Entry.AwaitingProvisionSince ?? DateOnly.MinValue).ThenBy(p => p.PlanId, StringComparer.Ordinal)
            .Select(p => Govuk.Row(Govuk.CaseLink(p.PlanId), p.Entry.ChildInitials, p.Entry.SettingName, DashboardEndpoints.Day(p.Entry.AwaitingProvisionSince),
                DashboardEndpoints.Waiting(p.Entry, today)));
        return DashboardEndpoints.Page("My cases", "/dashboard/my-cases", Html.Of($"""
            {chooser}
            <p class="govuk-body" id="my-cases-for">Cases of <strong>{caseworker}</strong>, as of {today:d MMMM yyyy}: what is due by the end of next week, and anything overdue.</p>
            {Govuk.Table("my-cases", "Due or overdue this week and next", ["Plan", "Initials", "What", "Due"], rows,
                "Nothing on these cases is due this week or next, and nothing is overdue.")}
            {Govuk.Table("my-waiting", "Children waiting for provision", ["Plan", "Initials", "Setting", "Waiting since", "Waited"], waiting,
                "No child on these cases is waiting for provision.")}
            """));
    }

    static Html Chooser(IReadOnlyList<string> caseworkers, string chosen)
    {
        var options = Html.Join(caseworkers.Select(c => string.Equals(c, chosen, StringComparison.OrdinalIgnoreCase)
            ? Html.Of($"""<option value="{c}" selected>{c}</option>""")
            : Html.Of($"""<option value="{c}">{c}</option>""")));
        return Html.Of($"""
            <form method="get" action="/dashboard/my-cases" id="my-cases-form" class="app-filters">
              <div class="govuk-form-group app-filter"><label class="govuk-label govuk-label--s" for="caseworker">Caseworker</label>
                <select class="govuk-select" id="caseworker" name="caseworker"><option value="">Choose a caseworker</option>{options}</select></div>
              <div class="govuk-button-group"><button type="submit" class="govuk-button" data-module="govuk-button">Show cases</button></div>
            </form>
            """);
    }
}
