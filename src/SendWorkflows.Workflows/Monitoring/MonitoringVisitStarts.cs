using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Starting;

namespace SendWorkflows.Workflows.Monitoring;

/// <summary>
/// Where plans' monitoring workflows (instance <c>monitoring:{planId}</c>) are started and told of the events that
/// concern them, for the caseload loader and the dispatcher alike. Every start is idempotent (ADR 0052), so a plan
/// already running gets its monitoring workflow on the next import, once.
/// </summary>
public static class MonitoringVisitStarts
{
    /// <summary>A loaded plan in a monitored setting: V from its last visit, else the load date + 12 weeks.</summary>
    public static async Task<bool> StartLoadedAsync(DurableTaskClient client, PlanRecord row, DateOnly loadedOn, CancellationToken cancellation)
    {
        if (!MonitoringVisits.IsMonitored(row.SettingType))
        {
            return false;
        }

        var placement = new MonitoredPlacement(row.PlanId, row.ChildInitials, row.SettingName, row.SettingEmail, row.SettingType, row.CaseworkerEmail);
        await client.StartOnceAsync(
            nameof(MonitoringVisitOrchestrator), MonitoringVisitInput.Loaded(placement, row.LastMonitoringVisitOn, loadedOn),
            MonitoringVisitInput.InstanceIdFor(row.PlanId), cancellation);
        return true;
    }

    /// <summary>
    /// A maintained plan's child moved: the running monitoring workflow takes the move in; without one, a move into a
    /// monitored setting starts one with V = the move + 12 weeks.
    /// </summary>
    public static async Task PlacementChangedAsync(
        DurableTaskClient client, PlacementChanged moved, string childInitials, string caseworkerEmail, CancellationToken cancellation)
    {
        if (await ForwardAsync(client, moved, cancellation) || !MonitoringVisits.IsMonitored(moved.SettingType))
        {
            return;
        }

        var placement = MonitoringVisitInput.PlacementOf(moved.CaseId, childInitials, moved, caseworkerEmail);
        await client.StartOnceAsync(
            nameof(MonitoringVisitOrchestrator), MonitoringVisitInput.Moved(placement, moved.On, [moved.Id]),
            MonitoringVisitInput.InstanceIdFor(moved.CaseId), cancellation);
    }

    /// <summary>Raises <paramref name="e"/> to the plan's monitoring workflow when one is running; false when none is.</summary>
    public static async Task<bool> ForwardAsync(DurableTaskClient client, CaseEvent e, CancellationToken cancellation)
    {
        var instanceId = MonitoringVisitInput.InstanceIdFor(e.CaseId);
        if (await client.GetInstanceAsync(instanceId, cancellation: cancellation) is not { } instance || !instance.IsLive())
        {
            return false;
        }

        await client.RaiseEventAsync(instanceId, EventNames.CaseEvent, CaseEventMessage.Of(e), cancellation);
        return true;
    }

    /// <summary>Whether a maintained plan's event concerns its monitoring visits as well as its reviews.</summary>
    public static bool Concerns(CaseEvent e) =>
        e is PlacementChanged or CaseworkerChanged or PlanCeased or ReviewDecision { Decision: ReviewDecisionKind.Cease };
}
