namespace SendWorkflows.Workflows.InMemory;

/// <summary>The rejected-events store of a simulation or a test, in the order things were rejected.</summary>
public sealed class InMemoryRejectedEventStore : IRejectedEventStore
{
    readonly List<RejectedEvent> rejected = [];
    readonly Lock gate = new();

    public Task RecordAsync(RejectedEvent rejectedEvent, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            rejected.Add(rejectedEvent);
        }

        return Task.CompletedTask;
    }

    public IAsyncEnumerable<RejectedEvent> AllAsync(CancellationToken cancellationToken = default) =>
        All().ToAsync(cancellationToken);

    public IReadOnlyList<RejectedEvent> All()
    {
        lock (gate)
        {
            return [.. rejected];
        }
    }
}
