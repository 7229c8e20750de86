namespace SendWorkflows.Runtime.Execution;

/// <summary>
/// Runs an orchestrator's continuations one at a time, in the order they were posted, on the thread that pumps it.
/// Every await inside orchestrator code captures this context, so a replay takes exactly the same path as the
/// original run no matter which pool thread the runtime happens to be on.
/// </summary>
sealed class EpisodeSynchronizationContext : SynchronizationContext
{
    // Locked only so that a stray post from another thread cannot corrupt it (see IsPumping). A plain queue made on
    // first use: every cached session has one, and a concurrent queue's first segment alone is about 1 KB.
    readonly Lock gate = new();
    Queue<(SendOrPostCallback Callback, object? State)>? queue;

    /// <summary>True on the thread currently running this context's work (orchestrator code must only run there).</summary>
    public bool IsPumping => Current == this;

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (gate)
        {
            (queue ??= new()).Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="action"/> and then every continuation it makes ready, until none is left.</summary>
    public void Run(Action action) => Run(static a => a(), action);

    /// <summary>As <see cref="Run(Action)"/>, with the state passed in so a static lambda allocates no closure.</summary>
    public void Run<TState>(Action<TState> action, TState state)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            action(state);
            while (TryTake(out var item))
            {
                item.Callback(item.State);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    bool TryTake(out (SendOrPostCallback Callback, object? State) item)
    {
        lock (gate)
        {
            item = default;
            return queue is not null && queue.TryDequeue(out item);
        }
    }
}
