using System.Collections.Concurrent;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;

namespace SendWorkflows.Workflows.Tests.Support;

/// <summary>A real store that counts the instance reads (<see cref="IOrchestrationStore.GetInstanceAsync"/>) made of each instance.</summary>
sealed class CountingStore(IOrchestrationStore inner) : IOrchestrationStore
{
    readonly ConcurrentDictionary<string, int> reads = new(StringComparer.Ordinal);

    public int ReadsOf(string instanceId) => reads.GetValueOrDefault(instanceId);

    public Task<StoredInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        reads.AddOrUpdate(instanceId, 1, (_, n) => n + 1);
        return inner.GetInstanceAsync(instanceId, cancellation);
    }

    public Task<bool> TryCreateInstanceAsync(InstanceRecord instance, InboxMessage startMessage, CancellationToken cancellation) =>
        inner.TryCreateInstanceAsync(instance, startMessage, cancellation);

    public Task<InstanceWork?> LoadWorkAsync(string instanceId, bool includeHistory, CancellationToken cancellation) =>
        inner.LoadWorkAsync(instanceId, includeHistory, cancellation);

    public Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellation) => inner.CommitAsync(commit, cancellation);

    public Task<bool> DeliverAsync(string instanceId, InboxMessage message, CancellationToken cancellation) =>
        inner.DeliverAsync(instanceId, message, cancellation);

    public Task<IReadOnlyList<string>> FindDueInstancesAsync(DateTimeOffset now, int maxCount, CancellationToken cancellation) =>
        inner.FindDueInstancesAsync(now, maxCount, cancellation);

    public Task<DateTimeOffset?> GetNextWakeAsync(CancellationToken cancellation) => inner.GetNextWakeAsync(cancellation);

    public IAsyncEnumerable<InstanceRecord> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation) =>
        inner.QueryInstancesAsync(query, cancellation);

    public Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation) => inner.PurgeInstanceAsync(instanceId, cancellation);
}
