using System.Globalization;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// What a member of staff asked of the register, from the query string: search (plan id or initials), filters
/// (caseworker, setting, setting type, status, overdue), sort and page. The page and its CSV read the same filter, so the CSV
/// holds exactly the plans the page lists (every page of them).
/// </summary>
public sealed record RegisterFilter(
    string Search, string Caseworker, string Setting, SettingType? Type, string Status, bool OverdueOnly, RegisterSort Sort, bool Descending, int Page)
{
    public const int PageSize = 50;

    public static RegisterFilter From(IQueryCollection query)
    {
        var type = Enum.TryParse<SettingType>(query["type"], ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) ? parsed : (SettingType?)null;
        var sort = Enum.TryParse<RegisterSort>(query["sort"], ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : RegisterSort.NextReviewDue;
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;
        return new RegisterFilter(
            Trimmed(query["q"]), Trimmed(query["caseworker"]), Trimmed(query["setting"]), type, Trimmed(query["status"]), query["overdue"] == "yes", sort, query["dir"] == "desc", page);
    }

    /// <summary>The plans that match, in the chosen order (all of them: the CSV takes them all, the page one page).</summary>
    public IReadOnlyList<RegisteredPlan> Apply(IEnumerable<RegisteredPlan> plans, DateOnly today)
    {
        var matching = plans.Where(p =>
            (Search.Length == 0 || p.PlanId.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || string.Equals(p.Entry.ChildInitials, Search, StringComparison.OrdinalIgnoreCase))
            && (Caseworker.Length == 0 || string.Equals(p.CaseworkerEmail, Caseworker, StringComparison.OrdinalIgnoreCase))
            && (Setting.Length == 0 || p.Entry.SettingName == Setting)
            && (Type is null || p.Entry.SettingType == Type)
            && (Status.Length == 0 || StatusOf(p.Entry) == Status)
            && (!OverdueOnly || IsOverdue(p.Entry, today)));
        IEnumerable<RegisteredPlan> ordered = Sort switch
        {
            RegisterSort.Plan => matching.OrderBy(p => p.PlanId, StringComparer.Ordinal),
            RegisterSort.Setting => matching.OrderBy(p => p.Entry.SettingName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.PlanId, StringComparer.Ordinal),
            _ => matching.OrderBy(p => p.Entry.NextReviewDue).ThenBy(p => p.PlanId, StringComparer.Ordinal),
        };
        return (Descending ? ordered.Reverse() : ordered).ToList();
    }

    public static string StatusOf(RegisterEntry entry) => entry.Ceased ? "ceased" : entry.Status;

    public static bool IsOverdue(RegisterEntry entry, DateOnly today) => !entry.Ceased && entry.NextReviewDue < today;

    /// <summary>This filter's query string with another page or sort, for links (pagination, column headings, the CSV).</summary>
    public string Query(int? page = null, RegisterSort? sort = null, bool? descending = null)
    {
        var parts = new List<string>();
        void Add(string name, string value)
        {
            if (value.Length > 0)
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }

        Add("q", Search);
        Add("caseworker", Caseworker);
        Add("setting", Setting);
        Add("type", Type?.ToString() ?? "");
        Add("status", Status);
        Add("overdue", OverdueOnly ? "yes" : "");
        var chosenSort = sort ?? Sort;
        Add("sort", chosenSort == RegisterSort.NextReviewDue ? "" : chosenSort.ToString());
        Add("dir", descending ?? Descending ? "desc" : "");
        var chosenPage = page ?? Page;
        Add("page", chosenPage > 1 ? chosenPage.ToString(CultureInfo.InvariantCulture) : "");
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    static string Trimmed(string? value) => (value ?? "").Trim();
}

/// <summary>The register's sortable columns.</summary>
public enum RegisterSort
{
    NextReviewDue,
    Plan,
    Setting,
}
