using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.CaseEvents;
using SendWorkflows.Workflows;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// The case-event channels that are functions. Service Bus itself is read by <see cref="ServiceBusCaseEventIntake"/>
/// (ADR 0058); these give it its Durable client and keep an instance alive for it, and take the same events from a
/// Storage queue for senders that cannot use Service Bus.
/// </summary>
public sealed class CaseEventsIntakeFunctions(CaseEventMessageHandler handler, DurableClientHolder durableClients, IRejectedEventStore rejected)
{
    public const string StorageQueueName = "case-events";

    /// <summary>
    /// Every minute: hands the Service Bus intake the Durable client (the isolated worker gives one only to
    /// invocations) and, on a consumption plan, keeps an instance running for the intake to listen on.
    /// </summary>
    [Function("CaseEventsIntakeHeartbeat")]
    public void Heartbeat(
        [TimerTrigger("%CaseEventsIntakeSchedule%", RunOnStartup = true)] TimerInfo timer,
        [DurableClient] DurableTaskClient durableClient) =>
        durableClients.Offer(durableClient);

    /// <summary>
    /// One case event per Storage queue message, handled like a Service Bus message. A queue cannot dead-letter with
    /// a reason, so an event that would be dead-lettered is kept in the rejected-events store with its reason; a
    /// transient failure throws, so the queue retries it and moves it to <c>case-events-poison</c> after five tries.
    /// </summary>
    [Function("CaseEventsFromStorageQueue")]
    public async Task FromStorageQueueAsync(
        [QueueTrigger(StorageQueueName, Connection = "AzureWebJobsStorage")] string body,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        durableClients.Offer(durableClient);
        var settlement = await handler.HandleAsync(new CaseEventMessage(body, SessionId: null, MessageId: null), durableClient, cancellationToken);
        switch (settlement)
        {
            case MessageSettlement.Abandon abandon:
                throw new InvalidOperationException($"The case event could not be handed to the workflows; the queue retries it: {abandon.Reason}");
            case MessageSettlement.DeadLetter { Reason: not CaseEventMessageHandler.RejectedReason } deadLetter:
                // Workflow rejections are already in the store (the dispatcher keeps them); keep unreadable ones too.
                await rejected.RecordAsync(new RejectedEvent(StorageQueueName, $"{deadLetter.Reason}: {deadLetter.Description}"), cancellationToken);
                break;
        }
    }
}
