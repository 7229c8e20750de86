namespace SendWorkflows.Domain;

/// <summary>
/// Monitoring visits to a child's placement (contract section 4): which setting types are visited, when the next
/// visit is due and where a placement stands on a given day. Pure rules shared by the workflow, the register and the KPIs.
/// </summary>
public static class MonitoringVisits
{
    /// <summary>A placement is visited once a year after the last visit.</summary>
    public const int MonthsBetweenVisits = 12;

    /// <summary>A new monitored placement (or one with no known visit) is first visited this many weeks after it starts.</summary>
    public const int WeeksToFirstVisit = 12;

    /// <summary>The placements officer is told this many weeks before the visit is due.</summary>
    public const int NoticeWeeks = 4;

    public static bool IsMonitored(SettingType type) => type is SettingType.OutOfArea or SettingType.Residential or SettingType.Independent;

    /// <summary>V: 12 months after the last visit, or 12 weeks after <paramref name="startedOn"/> (load date, placement change) without one.</summary>
    public static DateOnly DueOn(DateOnly? lastVisitOn, DateOnly startedOn) =>
        lastVisitOn is { } last ? last.AddMonths(MonthsBetweenVisits) : startedOn.AddDays(WeeksToFirstVisit * 7);
}

/// <summary>One plan's line of the monitoring-visit register, written by its monitoring workflow.</summary>
/// <param name="VisitDueOn">V; null while the placement is not of a monitored type.</param>
public sealed record MonitoringVisitEntry(
    string PlanId,
    string ChildInitials,
    string SettingName,
    SettingType SettingType,
    string CaseworkerEmail,
    DateOnly? LastVisitOn,
    DateOnly? VisitDueOn,
    bool Ended = false)
{
    public bool Monitored => !Ended && VisitDueOn is not null;

    /// <summary>Where the visit stands on <paramref name="today"/>: not monitored, visited, due (within 4 weeks of V), overdue (after V).</summary>
    public MonitoringVisitStatus StatusOn(DateOnly today) =>
        VisitDueOn is not { } due || Ended ? MonitoringVisitStatus.NotMonitored
        : today > due ? MonitoringVisitStatus.Overdue
        : today >= due.AddDays(-MonitoringVisits.NoticeWeeks * 7) ? MonitoringVisitStatus.Due
        : MonitoringVisitStatus.Scheduled;
}

public enum MonitoringVisitStatus
{
    NotMonitored,
    Scheduled,
    Due,
    Overdue,
}
