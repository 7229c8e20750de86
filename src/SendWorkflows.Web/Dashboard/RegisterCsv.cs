using System.Globalization;
using System.Text;
using SendWorkflows.Contract;
using SendWorkflows.Workflows;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// The register as CSV in the contract's spelling (snake_case columns and values, as in the caseload file), for a
/// spreadsheet. Cells that a spreadsheet would
/// read as a formula (= + - @) are prefixed with an apostrophe.
/// </summary>
public static class RegisterCsv
{
    static readonly string[] Columns =
    [
        "plan_id", "child_initials", "year_group", "setting_name", "setting_type", "last_review_on", "next_review_due",
        "target_meeting_on", "transfer", "status", "last_monitoring_visit_on", "awaiting_provision", "ceased",
    ];

    public static string Write(IEnumerable<RegisteredPlan> plans)
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
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }

        return csv.ToString();
    }

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
