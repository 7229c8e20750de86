using Microsoft.DurableTask.Client;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Web.Hosting;

/// <summary>
/// Fills the digest's and the dashboard's indexes in Table Storage with what was written before they existed, once per
/// store (each keeps a marker): register and visit rows without a digest bucket are filed and the assessments the
/// engine has running are opened (ADR 0115), notifications are copied to the by-week index, and outcomes are filed by
/// month for the KPIs (ADR 0104). A store that is not in Table Storage has nothing to fill. Both hosts run it before
/// they make sure the council workflows run: <c>serve</c> at start, the Functions app from its daily timer.
/// </summary>
public sealed class DigestIndexBackfill(
    IPlanRegister register, IMonitoringVisitRegister visits, IOpenAssessments openAssessments, IOutcomeLog? outcomes = null,
    INotificationLog? notifications = null)
{
    /// <param name="client">The engine's client (the Functions app has one per trigger, not in its services).</param>
    public async Task<(int Plans, int Visits, int Assessments, int Outcomes, int Notifications)> RunAsync(
        DurableTaskClient client, CancellationToken cancellationToken = default) =>
        (register is TablePlanRegister plans ? await plans.BackfillDigestIndexAsync(cancellationToken) : 0,
         visits is TableMonitoringVisitRegister table ? await table.BackfillDigestIndexAsync(cancellationToken) : 0,
         openAssessments is TableOpenAssessments open ? await open.BackfillAsync(() => new RunningAssessments(client).ListAsync(cancellationToken), cancellationToken) : 0,
         outcomes is TableOutcomeLog log ? await log.BackfillMonthIndexAsync(cancellationToken) : 0,
         notifications is TableNotificationLog sent ? await sent.BackfillWeekIndexAsync(cancellationToken) : 0);

    /// <summary>
    /// Recomputes the KPI summaries filed into since they were made, and makes those of the default months that have
    /// none (ADR 0105), so the dashboard's requests read summaries only; returns how many. Both hosts call it on their
    /// timer after <see cref="RunAsync"/>.
    /// </summary>
    public async Task<int> RefreshKpiSummariesAsync(DateOnly today, CancellationToken cancellationToken = default) =>
        outcomes is TableOutcomeLog log ? await log.RefreshKpiSummariesAsync(today, cancellationToken) : 0;
}
