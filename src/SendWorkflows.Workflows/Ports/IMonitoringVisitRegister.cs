using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;

/// <summary>
/// The monitoring-visit register: one entry per plan that has (or had) a monitoring workflow, kept by that workflow.
/// The dashboard, the weekly digest and the KPIs read it instead of the workflows' histories.
/// </summary>
public interface IMonitoringVisitRegister
{
    Task UpsertAsync(MonitoringVisitEntry entry, CancellationToken cancellationToken = default);

    Task<MonitoringVisitEntry?> FindAsync(string planId, CancellationToken cancellationToken = default);

    IAsyncEnumerable<MonitoringVisitEntry> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The monitored placements whose visit falls due in a month up to <paramref name="until"/>'s, read from the
    /// digest index kept with each write (<see cref="Council.DigestIndex"/>): the weekly digest's overdue visits are among them.
    /// </summary>
    IAsyncEnumerable<MonitoringVisitEntry> DueByAsync(DateOnly until, CancellationToken cancellationToken = default);

    /// <summary>The entries of those of <paramref name="planIds"/> that have one (a page's plans), by plan id.</summary>
    async Task<IReadOnlyDictionary<string, MonitoringVisitEntry>> FindManyAsync(IEnumerable<string> planIds, CancellationToken cancellationToken = default)
    {
        var found = await Task.WhenAll(planIds.Distinct(StringComparer.Ordinal).Select(id => FindAsync(id, cancellationToken)));
        return found.OfType<MonitoringVisitEntry>().ToDictionary(v => v.PlanId, StringComparer.Ordinal);
    }
}
