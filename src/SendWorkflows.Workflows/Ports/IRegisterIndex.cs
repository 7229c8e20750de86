using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;

/// <summary>
/// The plan register's index, kept by the register's store as each plan is written (ADR 0103): the register in
/// next-review-due, plan or setting order, by caseworker, and a summary of what it holds, so the dashboard reads a
/// page or a filtered slice instead of every plan.
/// </summary>
public interface IRegisterIndex
{
    /// <summary>The plans matching <paramref name="query"/>, in its order: <see cref="RegisterQuery.Take"/> of them after <see cref="RegisterQuery.Skip"/>, and how many match.</summary>
    Task<RegisterSlice> QueryAsync(RegisterQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many plans there are, and the caseworkers, settings and statuses among them (the filters' choices).</summary>
    Task<RegisterSummary> SummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>A slice and the summary, for a page that shows both: a store that counts a slice from its summary reads the summary once.</summary>
    async Task<(RegisterSlice Slice, RegisterSummary Summary)> QueryWithSummaryAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        (await QueryAsync(query, cancellationToken), await SummaryAsync(cancellationToken));
}

public enum RegisterSort
{
    NextReviewDue,
    Plan,
    Setting,
}

/// <summary>
/// What is asked of the register: search (a plan id's start or the initials), filters, sort and a slice. One
/// predicate (<see cref="Matches"/>) and one order (<see cref="Order"/>) for every store, so pages read the same
/// whichever store answers.
/// </summary>
public sealed record RegisterQuery(
    DateOnly Today,
    string Search = "",
    string Caseworker = "",
    string Setting = "",
    SettingType? Type = null,
    string Status = "",
    bool OverdueOnly = false,
    RegisterSort Sort = RegisterSort.NextReviewDue,
    bool Descending = false,
    int Skip = 0,
    int? Take = null)
{
    /// <summary>No search and no filter: every plan matches, so the count is the summary's.</summary>
    public bool Unfiltered => Search.Length == 0 && Caseworker.Length == 0 && Setting.Length == 0 && Type is null && Status.Length == 0 && !OverdueOnly;

    public bool Matches(RegisteredPlan plan) =>
        (Search.Length == 0 || plan.PlanId.StartsWith(Search, StringComparison.OrdinalIgnoreCase)
            || string.Equals(plan.Entry.ChildInitials, Search, StringComparison.OrdinalIgnoreCase))
        && (Caseworker.Length == 0 || string.Equals(plan.CaseworkerEmail, Caseworker, StringComparison.OrdinalIgnoreCase))
        && (Setting.Length == 0 || plan.Entry.SettingName == Setting)
        && (Type is null || plan.Entry.SettingType == Type)
        && (Status.Length == 0 || StatusOf(plan.Entry) == Status)
        && (!OverdueOnly || IsOverdue(plan.Entry, Today));

    /// <summary>The matching plans of <paramref name="plans"/> in this query's order, all of them (the slice is the caller's).</summary>
    public IReadOnlyList<RegisteredPlan> Order(IEnumerable<RegisteredPlan> plans)
    {
        var matching = plans.Where(Matches);
        IEnumerable<RegisteredPlan> ordered = Sort switch
        {
            RegisterSort.Plan => matching.OrderBy(p => p.PlanId, StringComparer.Ordinal),
            RegisterSort.Setting => matching.OrderBy(p => p.Entry.SettingName, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.PlanId, StringComparer.Ordinal),
            _ => matching.OrderBy(p => p.Entry.NextReviewDue).ThenBy(p => p.PlanId, StringComparer.Ordinal),
        };
        return (Descending ? ordered.Reverse() : ordered).ToList();
    }

    /// <summary>This query's slice of plans already matched and ordered.</summary>
    public RegisterSlice Slice(IReadOnlyList<RegisteredPlan> ordered) =>
        new(ordered.Skip(Skip).Take(Take ?? int.MaxValue).ToList(), ordered.Count);

    public static string StatusOf(RegisterEntry entry) => entry.Ceased ? "ceased" : entry.Status;

    public static bool IsOverdue(RegisterEntry entry, DateOnly today) => !entry.Ceased && entry.NextReviewDue < today;
}

/// <summary>A page of plans and how many match in all.</summary>
public sealed record RegisterSlice(IReadOnlyList<RegisteredPlan> Plans, int Total);

/// <summary>The register's size and the values its filters offer, each with how many plans hold it.</summary>
public sealed record RegisterSummary(
    int Plans, IReadOnlyDictionary<string, int> Caseworkers, IReadOnlyDictionary<string, int> Settings, IReadOnlyDictionary<string, int> Statuses)
{
    public static RegisterSummary Of(IEnumerable<RegisteredPlan> plans)
    {
        var counts = new RegisterSummaryCounts();
        foreach (var plan in plans)
        {
            counts.Add(plan, +1);
        }

        return counts.ToSummary();
    }
}

/// <summary>Counts a summary is kept in: a plan written adds its values, the version it replaces takes its own away.</summary>
public sealed class RegisterSummaryCounts
{
    public int Plans { get; set; }

    public Dictionary<string, int> Caseworkers { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Settings { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Statuses { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Plans by the Monday of their next review's week (yyyy-MM-dd), kept by the Table store only (ADR 0106): a deep page
    /// of the register reads the weeks it falls in. Complete when the weeks add up to <see cref="Plans"/>.
    /// </summary>
    public Dictionary<string, int> DueWeeks { get; set; } = new(StringComparer.Ordinal);

    public void Add(RegisteredPlan plan, int sign)
    {
        Plans += sign;
        Count(Caseworkers, plan.CaseworkerEmail, sign);
        Count(Settings, plan.Entry.SettingName, sign);
        Count(Statuses, RegisterQuery.StatusOf(plan.Entry), sign);
    }

    public void Merge(RegisterSummaryCounts other)
    {
        Plans += other.Plans;
        foreach (var (value, n) in other.Caseworkers) Count(Caseworkers, value, n);
        foreach (var (value, n) in other.Settings) Count(Settings, value, n);
        foreach (var (value, n) in other.Statuses) Count(Statuses, value, n);
        foreach (var (value, n) in other.DueWeeks) Count(DueWeeks, value, n);
    }

    /// <summary>Adds <paramref name="by"/> to the week of <paramref name="plan"/>'s next review (the Table store's deep pages).</summary>
    public void AddDueWeek(RegisteredPlan plan, int by) => Count(DueWeeks, DueWeekOf(plan.Entry.NextReviewDue), by);

    public static string DueWeekOf(DateOnly due) =>
        due.AddDays(-(((int)due.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public RegisterSummary ToSummary() => new(Plans, new Dictionary<string, int>(Caseworkers), new Dictionary<string, int>(Settings), new Dictionary<string, int>(Statuses));

    static void Count(Dictionary<string, int> counts, string value, int by)
    {
        var n = counts.GetValueOrDefault(value) + by;
        if (n == 0)
        {
            counts.Remove(value);
        }
        else
        {
            counts[value] = n;
        }
    }
}
