using Durable = Microsoft.DurableTask;

namespace SendWorkflows.Functions.Adapters;

/// <summary>
/// Gives the port's event semantics on the real context: an event that arrives while nobody waits is kept for the
/// next wait. The real SDK keeps a cancelled waiter on its stack and hands the next event of that name to it, where
/// the event is lost; a workflow that races an event against a timer and cancels the loser would drop events that
/// arrive between two waits. So the real waiter is never cancelled: one stays open per event name, a cancelled
/// port wait just stops listening to it, and the next port wait of that name takes it over (ADR 0056).
/// </summary>
sealed class ExternalEventWaits(Durable.TaskOrchestrationContext inner)
{
    readonly Dictionary<string, Task> open = new(StringComparer.OrdinalIgnoreCase);

    public Task<T> WaitAsync<T>(string eventName, CancellationToken cancellationToken)
    {
        if (!open.TryGetValue(eventName, out var pending))
        {
            pending = inner.WaitForExternalEvent<T>(eventName, CancellationToken.None);
            open[eventName] = pending;
        }

        return ListenAsync((Task<T>)pending, eventName, cancellationToken);
    }

    async Task<T> ListenAsync<T>(Task<T> pending, string eventName, CancellationToken cancellationToken)
    {
        if (!pending.IsCompleted && cancellationToken.CanBeCanceled)
        {
            var cancelled = new TaskCompletionSource();
            using (cancellationToken.Register(() => cancelled.TrySetResult()))
            {
                if (await Task.WhenAny(pending, cancelled.Task) != pending)
                {
                    // Stop listening; the real waiter stays open and keeps its event for the next wait.
                    throw new TaskCanceledException();
                }
            }
        }

        var value = await pending;
        open.Remove(eventName);
        return value;
    }
}
