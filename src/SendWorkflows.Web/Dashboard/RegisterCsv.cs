using System.Globalization;
using System.Text;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// The register as CSV in the contract's spelling (snake_case columns and values, as in the caseload file), for a
/// spreadsheet. Cells that a spreadsheet would
/// read as a formula (= + - @) are prefixed with an apostrophe. The placement columns the register page shows (issue 15)
/// come after the first thirteen, so a sheet that reads those by position still works: caseworker, monitoring visit
/// due date and status (on <c>today</c>; empty when the placement is not visited) and the days waited for provision.
/// </summary>
public static class RegisterCsv
{
    static readonly string[] Columns =
    [
        "plan_id", "child_initials", "year_group", "setting_name", "setting_type", "last_review_on", "next_review_due",
        "target_meeting_on", "transfer", "status", "last_monitoring_visit_on", "awaiting_provision", "ceased",
        "caseworker_email", "monitoring_visit_due_on", "monitoring_visit_status", "waiting_days",
    ];

    public static string Write(IEnumerable<RegisteredPlan> plans) => Write(plans, new Dictionary<string, MonitoringVisitEntry>(), default);

    /// <param name="visits">The monitoring-visit register by plan id.</param>
    /// <param name="today">The case clock's today, for the visit's status and the days waited.</param>
    public static string Write(IEnumerable<RegisteredPlan> plans, IReadOnlyDictionary<string, MonitoringVisitEntry> visits, DateOnly today)
    {
        var csv = new StringBuilder().AppendJoin(',', Columns).Append("\r\n");
        foreach (var plan in plans)
        {
            var entry = plan.Entry;
            string?[] cells =
            [
                entry.PlanId, entry.ChildInitials, entry.YearGroup.ToString(), entry.SettingName, ContractSpelling.SettingTypes.Spell(entry.SettingType),
                Date(entry.LastReviewOn), Date(entry.NextReviewDue), Date(entry.TargetMeetingOn), ContractSpelling.TransferKinds.Spell(entry.Transfer),
                entry.Status, Date(entry.LastMonitoringVisitOn), entry.AwaitingProvision ? "true" : "false", entry.Ceased ? "true" : "false",
                plan.CaseworkerEmail, .. VisitCells(visits.GetValueOrDefault(entry.PlanId), entry, today), WaitingDays(entry, today),
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>The visit's due date and status in snake_case (scheduled, due, overdue); both empty when the placement is not visited.</summary>
    static string?[] VisitCells(MonitoringVisitEntry? visit, RegisterEntry entry, DateOnly today)
    {
        var status = visit is null || entry.Ceased ? MonitoringVisitStatus.NotMonitored : visit.StatusOn(today);
        return status == MonitoringVisitStatus.NotMonitored ? ["", ""] : [Date(visit!.VisitDueOn), status.ToString().ToLowerInvariant()];
    }

    static string? WaitingDays(RegisterEntry entry, DateOnly today) =>
        entry.AwaitingProvision && entry.AwaitingProvisionSince is { } since ? (today.DayNumber - since.DayNumber).ToString(CultureInfo.InvariantCulture) : null;

    static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
