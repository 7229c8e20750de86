using System.Runtime.CompilerServices;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Notifications;

namespace SendWorkflows.Workflows.Timetables;

/// <summary>The two moves every workflow here makes: wait for the next event or step, and take a step.</summary>
public static class WorkflowSteps
{
    /// <summary>
    /// Waits for the external event <paramref name="eventName"/> or the send time of <paramref name="step"/>,
    /// whichever comes first: the event, or null when it is time for the step. With no step, waits for the event.
    /// </summary>
    /// <remarks>
    /// The event wait is never cancelled: when the step wins, the same wait carries over to the next call (ADR 0005).
    /// Durable Task hands an event to the newest waiter of its name even if that waiter was cancelled, so an event
    /// arriving while the workflow records a step would otherwise be lost on the real engine. Only the timer is
    /// cancelled, so the calls (and the history) are the same as before. Wait for an event name only through this
    /// helper: with two live waits of one name the SDK serves the newest, the embedded runtime the oldest.
    /// </remarks>
    public static async Task<TEvent?> NextEventOrStepAsync<TEvent>(
        TaskOrchestrationContext context, string eventName, TimetableStep? step) where TEvent : class
    {
        var waits = OpenWaits.GetOrCreateValue(context);
        if (!waits.TryGetValue(eventName, out var open))
        {
            waits[eventName] = open = context.WaitForExternalEvent<TEvent>(eventName);
        }

        var nextEvent = (Task<TEvent>)open;
        if (step is null)
        {
            waits.Remove(eventName);
            return await nextEvent;
        }

        using var cancel = new CancellationTokenSource();
        var stepTime = context.CreateTimer(WorkflowCalendar.FireAtUtc(step.SendOn), cancel.Token);
        var first = await Task.WhenAny(nextEvent, stepTime);
        if (first != nextEvent)
        {
            return null;
        }

        waits.Remove(eventName);

        // Cancel (not CancelAsync): cancellation callbacks must run on the orchestrator's own thread.
#pragma warning disable CA1849
        cancel.Cancel();
#pragma warning restore CA1849
        return await nextEvent;
    }

    /// <summary>The event wait each orchestration run has open, by event name (one context object per run).</summary>
    static readonly ConditionalWeakTable<TaskOrchestrationContext, Dictionary<string, Task>> OpenWaits = new();

    /// <summary>
    /// Records the step's notification through <see cref="RecordNotificationActivity"/>, keyed by instance, cycle
    /// (for an eternal workflow, whose instance id outlives its cycles) and step. The notification names this
    /// instance as the one awaiting the recipient's response, for its signed link (docs/adr/0065).
    /// </summary>
    public static Task<bool> NotifyAsync(
        TaskOrchestrationContext context, string caseId, TimetableStep step, NotificationFacts facts, int? cycle = null) =>
        context.CallActivityAsync<bool>(
            nameof(RecordNotificationActivity),
            new NotificationRequest(
                cycle is { } n ? $"{context.InstanceId}/c{n}/{step.Name}" : $"{context.InstanceId}/{step.Name}",
                step.Kind, caseId, step.SendOn, step.To, step.Cc, step.DueOn, FactsFor(context, step, facts)));

    static NotificationFacts FactsFor(TaskOrchestrationContext context, TimetableStep step, NotificationFacts facts) =>
        (step.MissedStep is { } missed ? facts with { MissedStep = missed } : facts) with { AwaitingInstanceId = context.InstanceId };

    /// <summary>Today's UK date in the orchestration's (replay-safe) clock.</summary>
    public static DateOnly Today(TaskOrchestrationContext context) => WorkflowCalendar.UkDate(context.CurrentUtcDateTime);
}
