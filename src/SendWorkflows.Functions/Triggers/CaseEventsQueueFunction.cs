using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.Adapters;
using SendWorkflows.Functions.CaseEvents;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// Case events from the case-management systems. The queue is session-enabled with the case id as session id, so
/// one case's events arrive in order while different cases run in parallel; settlement is explicit so an invalid
/// event is dead-lettered with its reason instead of being retried or lost.
/// </summary>
public sealed class CaseEventsQueueFunction(CaseEventMessageHandler handler)
{
    public const string QueueName = "case-events";

    [Function("CaseEvents")]
    public async Task RunAsync(
        [ServiceBusTrigger(QueueName, Connection = "ServiceBusConnection", IsSessionsEnabled = true, AutoCompleteMessages = false)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions messageActions,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        var received = new CaseEventMessage(message.Body.ToString(), message.SessionId, message.MessageId);
        var settlement = await handler.HandleAsync(received, new PortDurableTaskClient(durableClient), cancellationToken);
        switch (settlement)
        {
            case MessageSettlement.DeadLetter deadLetter:
                await messageActions.DeadLetterMessageAsync(
                    message, deadLetterReason: deadLetter.Reason, deadLetterErrorDescription: deadLetter.Description,
                    cancellationToken: cancellationToken);
                break;
            case MessageSettlement.Abandon:
                await messageActions.AbandonMessageAsync(message, cancellationToken: cancellationToken);
                break;
            default:
                await messageActions.CompleteMessageAsync(message, cancellationToken);
                break;
        }
    }
}
