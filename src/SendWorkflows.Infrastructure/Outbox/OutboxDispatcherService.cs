using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SendWorkflows.Infrastructure.Outbox;

/// <summary>Runs <see cref="OutboxDispatcher.DispatchDueAsync"/> every <see cref="OutboxOptions.PollInterval"/> in a host.</summary>
public sealed class OutboxDispatcherService(
    OutboxDispatcher dispatcher,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var counts = await dispatcher.DispatchDueAsync(stoppingToken);
                if (counts.Total > 0 && logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation(
                        "Outbox: {Sent} sent, {Retrying} to retry, {DeadLettered} dead-lettered, {Others} taken by other dispatchers.",
                        counts.Sent, counts.Retrying, counts.DeadLettered, counts.ClaimedByOthers);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Storage outages must not stop the host; the rows wait and the next pass tries again.
                logger.LogError(ex, "Outbox dispatch pass failed.");
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
