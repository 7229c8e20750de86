using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.Monitoring;

/// <summary>The placement a monitoring workflow watches, as its last event left it.</summary>
public sealed record MonitoredPlacement(
    string PlanId, string ChildInitials, string SettingName, string SettingEmail, SettingType SettingType, string CaseworkerEmail);

/// <summary>
/// One visit year of a plan's monitoring workflow. <see cref="VisitDueOn"/> is V, or null while the placement is of a
/// type that is not visited (the workflow then only waits for a move back into one, or for the plan to end).
/// <see cref="AppliedEventIds"/> carries idempotency across years.
/// </summary>
public sealed record MonitoringVisitInput(
    MonitoredPlacement Placement,
    int Year,
    DateOnly? VisitDueOn,
    DateOnly? LastVisitOn,
    IReadOnlyList<string> AppliedEventIds)
{
    public static string InstanceIdFor(string planId) => $"monitoring:{planId}";

    /// <summary>A plan loaded from the caseload: V from its last visit, else <paramref name="loadedOn"/> + 12 weeks.</summary>
    public static MonitoringVisitInput Loaded(MonitoredPlacement placement, DateOnly? lastVisitOn, DateOnly loadedOn) =>
        new(placement, 1, MonitoringVisits.DueOn(lastVisitOn, loadedOn), lastVisitOn, []);

    /// <summary>A plan whose child moved into a monitored setting on <paramref name="movedOn"/>: V = the move + 12 weeks.</summary>
    public static MonitoringVisitInput Moved(MonitoredPlacement placement, DateOnly movedOn, IReadOnlyList<string> appliedEventIds) =>
        new(placement, 1, MonitoringVisits.DueOn(null, movedOn), null, appliedEventIds);

    public MonitoringVisitEntry Entry(bool ended = false) => new(
        Placement.PlanId, Placement.ChildInitials, Placement.SettingName, Placement.SettingType, Placement.CaseworkerEmail,
        LastVisitOn, ended ? null : VisitDueOn, ended);

    public static MonitoredPlacement PlacementOf(string planId, string childInitials, PlacementChanged moved, string caseworkerEmail) =>
        new(planId, childInitials, moved.SettingName, moved.SettingEmail, moved.SettingType, caseworkerEmail);
}
