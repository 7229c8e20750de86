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

    /// <summary>This filter as a query of the register's index: the slice of <paramref name="take"/> plans from <paramref name="skip"/>, or all.</summary>
    public RegisterQuery ToQuery(DateOnly today, int skip = 0, int? take = null) =>
        new(today, Search, Caseworker, Setting, Type, Status, OverdueOnly, Sort, Descending, skip, take);

    public static string StatusOf(RegisterEntry entry) => RegisterQuery.StatusOf(entry);

    public static bool IsOverdue(RegisterEntry entry, DateOnly today) => RegisterQuery.IsOverdue(entry, today);

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
