using SendWorkflows.Contract;
using Microsoft.DurableTask;

namespace SendWorkflows.Workflows.Events;

/// <summary>How a workflow takes in a case event: once per event id, and impossible ones are kept with the reason.</summary>
public static class CaseEvents
{
    /// <summary>
    /// Turns a delivered message into the contract event, unless it was applied before (null: same id twice has the
    /// effect of once) or cannot be read (rejected and stored, null).
    /// </summary>
    public static async Task<CaseEvent?> ReadAsync(TaskOrchestrationContext context, CaseEventMessage message, Func<string, bool> alreadyApplied)
    {
        if (alreadyApplied(message.Id))
        {
            return null;
        }

        try
        {
            return message.ToCaseEvent();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            await RejectAsync(context, message, e.Message);
            return null;
        }
    }

    /// <summary>Stores <paramref name="message"/> as rejected by this instance with <paramref name="reason"/>.</summary>
    public static Task RejectAsync(TaskOrchestrationContext context, CaseEventMessage message, string reason) =>
        context.CallActivityAsync<bool>(
            nameof(RecordRejectedEventActivity),
            new RejectedEvent(context.InstanceId, reason, message.Id, message.CaseId, message.Type, message.On));
}
