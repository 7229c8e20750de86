namespace SendWorkflows.Runtime.Execution;

/// <summary>
/// Runs an orchestrator's continuations one at a time, in the order they were posted, on the thread that pumps it.
/// Every await inside orchestrator code captures this context, so a replay takes exactly the same path as the
/// original run no matter which pool thread the runtime happens to be on.
/// </summary>
sealed class EpisodeSynchronizationContext : SynchronizationContext
{
    // Concurrent only so that a stray post from another thread cannot corrupt it; see IsPumping.
    readonly System.Collections.Concurrent.ConcurrentQueue<(SendOrPostCallback Callback, object? State)> queue = new();

    /// <summary>True on the thread currently running this context's work (orchestrator code must only run there).</summary>
    public bool IsPumping => Current == this;

    public override void Post(SendOrPostCallback d, object? state) => queue.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="action"/> and then every continuation it makes ready, until none is left.</summary>
    public void Run(Action action)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            action();
            while (queue.TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
