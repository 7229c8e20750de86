using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Runtime.Tests;

/// <summary>The process "dies" at a chosen store write: the runtime sees an exception and is abandoned.</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("Simulated process crash.")
    {
    }
}

/// <summary>
/// Wraps a store and crashes at the n-th write, either before it reaches storage or after it was stored but
/// before the runtime hears back — the two ways a process can die around a write.
/// </summary>
sealed class FaultInjectingStore(IOrchestrationStore inner, int crashAtWrite, bool afterWrite) : IOrchestrationStore
{
    int writes;

    public bool Crashed { get; private set; }

    async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        if (Crashed)
        {
            throw new SimulatedCrashException();
        }

        if (++writes != crashAtWrite)
        {
            return await write();
        }

        Crashed = true;
        if (afterWrite)
        {
            await write();
        }

        throw new SimulatedCrashException();
    }

    public Task<bool> TryCreateInstanceAsync(InstanceRecord instance, InboxMessage startMessage, CancellationToken cancellation) =>
        WriteAsync(() => inner.TryCreateInstanceAsync(instance, startMessage, cancellation));

    public Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellation) =>
        WriteAsync(() => inner.CommitAsync(commit, cancellation));

    public Task<bool> DeliverAsync(string instanceId, InboxMessage message, CancellationToken cancellation) =>
        WriteAsync(() => inner.DeliverAsync(instanceId, message, cancellation));

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation) =>
        WriteAsync(() => inner.PurgeInstanceAsync(instanceId, cancellation));

    public Task<StoredInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellation) =>
        inner.GetInstanceAsync(instanceId, cancellation);

    public Task<InstanceWork?> LoadWorkAsync(string instanceId, bool includeHistory, CancellationToken cancellation) =>
        inner.LoadWorkAsync(instanceId, includeHistory, cancellation);

    public Task<IReadOnlyList<string>> FindDueInstancesAsync(DateTimeOffset now, int maxCount, CancellationToken cancellation) =>
        inner.FindDueInstancesAsync(now, maxCount, cancellation);

    public Task<DateTimeOffset?> GetNextWakeAsync(CancellationToken cancellation) => inner.GetNextWakeAsync(cancellation);

    public IAsyncEnumerable<InstanceRecord> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation) =>
        inner.QueryInstancesAsync(query, cancellation);
}
