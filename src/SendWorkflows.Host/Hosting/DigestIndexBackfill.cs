using Microsoft.DurableTask.Client;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Host.Hosting;

/// <summary>
/// Fills the weekly digest's indexes in Table Storage with what was written before they existed (ADR 0115), once per
/// store (each keeps a marker): register and visit rows without a digest bucket are filed, and the assessments the
/// runtime has running are opened, notifications are copied to the by-week index; and the outcomes recorded before
/// the KPIs' month index (ADR 0104) are filed by month.
/// A store that is not in Table Storage has nothing to fill.
/// </summary>
public sealed class DigestIndexBackfill(
    IPlanRegister register, IMonitoringVisitRegister visits, IOpenAssessments openAssessments, DurableTaskClient client, IOutcomeLog? outcomes = null,
    INotificationLog? notifications = null)
{
    public async Task<(int Plans, int Visits, int Assessments, int Outcomes, int Notifications)> RunAsync(CancellationToken cancellationToken = default) =>
        (register is TablePlanRegister plans ? await plans.BackfillDigestIndexAsync(cancellationToken) : 0,
         visits is TableMonitoringVisitRegister table ? await table.BackfillDigestIndexAsync(cancellationToken) : 0,
         openAssessments is TableOpenAssessments open ? await open.BackfillAsync(() => new RunningAssessments(client).ListAsync(cancellationToken), cancellationToken) : 0,
         outcomes is TableOutcomeLog log ? await log.BackfillMonthIndexAsync(cancellationToken) : 0,
         notifications is TableNotificationLog sent ? await sent.BackfillWeekIndexAsync(cancellationToken) : 0);
}
