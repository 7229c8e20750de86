using Microsoft.Extensions.Logging;
using SendWorkflows.Contract;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Functions.CaseEvents;

/// <summary>
/// A received case-event message, reduced to what settling it depends on. Session and message ids are null when the
/// event came over HTTP rather than Service Bus.
/// </summary>
public sealed record CaseEventMessage(string Body, string? SessionId, string? MessageId);

/// <summary>How a message leaves the queue: taken, kept aside with its reason, or returned for another try.</summary>
public abstract record MessageSettlement
{
    public sealed record Complete : MessageSettlement;

    public sealed record DeadLetter(string Reason, string Description) : MessageSettlement;

    public sealed record Abandon(string Reason) : MessageSettlement;
}

/// <summary>
/// Decides the fate of one case-event message. Bad input is dead-lettered with a reason naming what is wrong (kept,
/// never dropped); a failure while talking to the workflows is treated as transient and abandoned, so Service Bus
/// redelivers it and dead-letters it itself after the queue's maximum delivery count.
/// </summary>
public sealed partial class CaseEventMessageHandler(
    ICaseEventReader reader, ICaseEventDispatcher dispatcher, ILogger<CaseEventMessageHandler> logger)
{
    public const string InvalidReason = "InvalidCaseEvent";
    public const string SessionMismatchReason = "SessionIdIsNotCaseId";
    public const string MessageIdMismatchReason = "MessageIdIsNotEventId";
    public const string RejectedReason = "RejectedCaseEvent";

    public async Task<MessageSettlement> HandleAsync(
        CaseEventMessage message, DurableTaskClient client, CancellationToken cancellation)
    {
        CaseEvent caseEvent;
        try
        {
            caseEvent = reader.Read(message.Body);
        }
        catch (Exception ex)
        {
            return DeadLetter(InvalidReason, ex.Message, message.MessageId);
        }

        if (message.SessionId is not null && message.SessionId != caseEvent.CaseId)
        {
            return DeadLetter(SessionMismatchReason,
                $"The message's SessionId '{message.SessionId}' must be the event's caseId '{caseEvent.CaseId}'.", caseEvent.Id);
        }

        if (message.MessageId is not null && message.MessageId != caseEvent.Id)
        {
            return DeadLetter(MessageIdMismatchReason,
                $"The message's MessageId '{message.MessageId}' must be the event's id '{caseEvent.Id}' (duplicate detection keys on it).",
                caseEvent.Id);
        }

        try
        {
            var delivery = await dispatcher.DispatchAsync(caseEvent, client, cancellation);
            if (delivery is CaseEventDelivery.Rejected rejected)
            {
                return DeadLetter(RejectedReason, rejected.Reason, caseEvent.Id);
            }

            LogDelivered(caseEvent.Id, caseEvent.Type, caseEvent.CaseId);
            return new MessageSettlement.Complete();
        }
        catch (Exception ex)
        {
            LogTransientFailure(ex, caseEvent.Id, caseEvent.CaseId);
            return new MessageSettlement.Abandon(ex.Message);
        }
    }

    MessageSettlement.DeadLetter DeadLetter(string reason, string description, string? eventId)
    {
        LogDeadLettered(eventId, reason);
        return new MessageSettlement.DeadLetter(reason, description);
    }

    // Case references and event ids only: never the body, which may hold a child's initials and date of birth.
    [LoggerMessage(Level = LogLevel.Information, Message = "Case event {EventId} ({Type}) delivered to case {CaseId}")]
    partial void LogDelivered(string eventId, string type, string caseId);

    // The description stays on the dead-lettered message: it may quote the body.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Case event {EventId} dead-lettered: {Reason}")]
    partial void LogDeadLettered(string? eventId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case event {EventId} for case {CaseId} will be retried")]
    partial void LogTransientFailure(Exception exception, string eventId, string caseId);
}
