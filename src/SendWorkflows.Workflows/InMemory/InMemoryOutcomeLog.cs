namespace SendWorkflows.Workflows.InMemory;

/// <summary>The outcome log of a simulation or a test: keyed, a later record replaces the earlier one.</summary>
public sealed class InMemoryOutcomeLog : IOutcomeLog
{
    readonly Dictionary<string, RecordedOutcome> byKey = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    public Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            byKey[outcome.Key] = outcome;
        }

        return Task.CompletedTask;
    }

    public IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default) =>
        All().ToAsync(cancellationToken);

    /// <summary>Everything recorded, by date then key.</summary>
    public IReadOnlyList<RecordedOutcome> All()
    {
        lock (gate)
        {
            return [.. byKey.Values.OrderBy(o => o.On).ThenBy(o => o.Key, StringComparer.Ordinal)];
        }
    }
}
