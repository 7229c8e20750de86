using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Web.Hosting;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// Once a day (and at deployment) makes sure the weekly digest and the termly review lists are running, after filling
/// the digest's and the dashboard's indexes with anything stored before them (once, then a point read a day each), as
/// <c>serve</c> does at start. The orchestrations themselves wait, with durable timers, for Monday and for two weeks
/// before each term.
/// </summary>
public sealed partial class EternalWorkflowsTimerFunction(
    EternalWorkflowStarter starter, DigestIndexBackfill backfill, ILogger<EternalWorkflowsTimerFunction> logger, TimeProvider clock)
{
    [Function("EnsureEternalWorkflows")]
    public async Task RunAsync(
        [TimerTrigger("%EternalWorkflowsSchedule%", RunOnStartup = false)] TimerInfo timer,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        var (plans, visits, assessments, outcomes, notifications) = await backfill.RunAsync(durableClient, cancellationToken);
        if (plans + visits + assessments + outcomes + notifications > 0)
        {
            LogBackfilled(logger, plans, visits, assessments, outcomes, notifications);
        }

        // The KPI summaries filed into since they were made (ADR 0105), so the dashboard's requests read summaries only.
        await backfill.RefreshKpiSummariesAsync(SendWorkflows.Web.Pages.UkDate.Today(clock), cancellationToken);
        await starter.EnsureRunningAsync(CouncilWorkflows.All, durableClient, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Filed the digest's and the dashboard's indexes with what was stored before them: {Plans} plans, {Visits} visits, {Assessments} running assessments, {Outcomes} outcomes, {Notifications} notifications")]
    static partial void LogBackfilled(ILogger logger, int plans, int visits, int assessments, int outcomes, int notifications);
}
