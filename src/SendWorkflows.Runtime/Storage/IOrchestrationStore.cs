using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

/// <summary>
/// Where instances live. Every instance is one partition (instance row, history, inbox, activities, outbox) and
/// every change to a partition is one conditional write on the instance row's ETag, so a partition never holds a
/// half-made decision and two writers never both win. Cross-instance work goes through <see cref="DeliverAsync"/>.
/// </summary>
public interface IOrchestrationStore
{
    /// <summary>Creates the instance with its start message unless the id exists; false when it already existed.</summary>
    Task<bool> TryCreateInstanceAsync(InstanceRecord instance, InboxMessage startMessage, CancellationToken cancellation);

    Task<StoredInstance?> GetInstanceAsync(string instanceId, CancellationToken cancellation);

    /// <summary>
    /// The instance as the runtime takes it up after <see cref="FindDueInstancesAsync"/> named it, to lease it under its
    /// ETag. A store may answer with the row it read a moment ago to find the instance due: if it changed since, the
    /// lease commit fails on the ETag and the instance is found again. Not for anything but that lease.
    /// </summary>
    Task<StoredInstance?> GetDueInstanceAsync(string instanceId, CancellationToken cancellation) => GetInstanceAsync(instanceId, cancellation);

    /// <summary>Reads the partition; the history only when asked (a cached replay does not need it).</summary>
    Task<InstanceWork?> LoadWorkAsync(string instanceId, bool includeHistory, CancellationToken cancellation);

    /// <summary>Applies the commit atomically; returns the new ETag or throws <see cref="OrchestrationConcurrencyException"/>.</summary>
    Task<string> CommitAsync(InstanceCommit commit, CancellationToken cancellation);

    /// <summary>
    /// Adds a message to an instance's inbox (a message with the same id is kept, not doubled) and brings its wake
    /// time forward. Returns false when the instance does not exist; a finished instance silently ignores messages.
    /// </summary>
    Task<bool> DeliverAsync(string instanceId, InboxMessage message, CancellationToken cancellation);

    /// <summary>Instances with work due at <paramref name="now"/> and no live lease.</summary>
    Task<IReadOnlyList<string>> FindDueInstancesAsync(DateTimeOffset now, int maxCount, CancellationToken cancellation);

    /// <summary>The earliest time any instance has work (a virtual clock jumps there when all are idle).</summary>
    Task<DateTimeOffset?> GetNextWakeAsync(CancellationToken cancellation);

    IAsyncEnumerable<InstanceRecord> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation);

    /// <summary>Deletes the instance and everything in its partition.</summary>
    Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellation);
}
