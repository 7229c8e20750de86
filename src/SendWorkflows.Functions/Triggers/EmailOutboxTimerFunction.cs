using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using SendWorkflows.Infrastructure.Outbox;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// Sends the e-mails the workflows recorded: the outbox is claimed row by row with leases, so overlapping runs on
/// several instances never send one e-mail twice. With <c>Email:Provider</c> None there is no dispatcher and the
/// notifications wait in the outbox.
/// </summary>
public sealed partial class EmailOutboxTimerFunction(ILogger<EmailOutboxTimerFunction> logger, OutboxDispatcher? dispatcher = null)
{
    [Function("DispatchEmailOutbox")]
    public async Task RunAsync([TimerTrigger("%EmailOutboxSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (dispatcher is null)
        {
            LogNoProvider();
            return;
        }

        var counts = await dispatcher.DispatchDueAsync(cancellationToken);
        LogDispatched(counts.Sent, counts.Retrying, counts.DeadLettered);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email:Provider is None: notifications wait in the outbox")]
    partial void LogNoProvider();

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail outbox: {Sent} sent, {Retrying} to retry, {DeadLettered} dead-lettered")]
    partial void LogDispatched(int sent, int retrying, int deadLettered);
}
