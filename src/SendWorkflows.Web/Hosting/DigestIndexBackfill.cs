using Microsoft.DurableTask.Client;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Web.Hosting;

/// <summary>
/// Fills the weekly digest's indexes in Table Storage with what was written before they existed (ADR 0115), once per
/// store (each keeps a marker): register and visit rows without a digest bucket are filed, and the assessments the
/// engine has running are opened. A store that is not in Table Storage has nothing to fill. Both hosts run it before
/// they make sure the council workflows run: <c>serve</c> at start, the Functions app from its daily timer.
/// </summary>
public sealed class DigestIndexBackfill(IPlanRegister register, IMonitoringVisitRegister visits, IOpenAssessments openAssessments)
{
    /// <param name="client">The engine's client (the Functions app has one per trigger, not in its services).</param>
    public async Task<(int Plans, int Visits, int Assessments)> RunAsync(DurableTaskClient client, CancellationToken cancellationToken = default) =>
        (register is TablePlanRegister plans ? await plans.BackfillDigestIndexAsync(cancellationToken) : 0,
         visits is TableMonitoringVisitRegister table ? await table.BackfillDigestIndexAsync(cancellationToken) : 0,
         openAssessments is TableOpenAssessments open ? await open.BackfillAsync(() => new RunningAssessments(client).ListAsync(cancellationToken), cancellationToken) : 0);
}
