using SendWorkflows.Web.Hosting;
using SendWorkflows.Web.Pages;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Host.Hosting;

/// <summary>
/// Keeps the weekly digest and the termly review lists running in <c>serve</c>, on the case clock, as <c>simulate</c>
/// and the Functions timer do: once the runtime is ready, then every hour (wall clock) to restart one that failed.
/// Each check also brings the KPI summaries up to date (ADR 0105).
/// Their fixed instance ids make a restarted host's start a no-op.
/// </summary>
public sealed class CouncilWorkflowsService(
    DurableTaskClient client, TimeProvider clock, RuntimeReadiness runtime, ILogger<CouncilWorkflowsService> logger, DigestIndexBackfill? backfill = null)
    : BackgroundService
{
    static readonly TimeSpan Recheck = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runtime.Ready.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Recheck, TimeProvider.System);
        do
        {
            try
            {
                if (backfill is not null && await backfill.RunAsync(client, stoppingToken) is var (plans, visits, assessments, outcomes, notifications)
                    && plans + visits + assessments + outcomes + notifications > 0)
                {
                    logger.LogInformation(
                        "Filed the digest's and the dashboard's indexes with what was stored before them: {Plans} plans, {Visits} visits, {Assessments} running assessments, {Outcomes} outcomes, {Notifications} notifications",
                        plans, visits, assessments, outcomes, notifications);
                }

                if (backfill is not null && await backfill.RefreshKpiSummariesAsync(UkDate.Today(clock), stoppingToken) is var refreshed and > 0)
                {
                    logger.LogInformation("Recomputed {Summaries} KPI summaries", refreshed);
                }

                var started = await CouncilWorkflows.EnsureRunningAsync(client, UkDate.Today(clock), stoppingToken);
                if (started.Count > 0)
                {
                    logger.LogInformation("Started the council workflows {Instances}", string.Join(", ", started));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Storage briefly unavailable: try again at the next check rather than stopping the host.
                logger.LogWarning(exception, "Could not check the council workflows; trying again in {Recheck}", Recheck);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
