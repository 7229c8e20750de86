using SendWorkflows.Domain;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// A shard's notification log: keyed, first record wins, put in the contract's order once, when the shard ends. No
/// workflow of a shard reads the log (the weekly digest reads the council's, <see cref="CouncilPass"/>), so it keeps no
/// order while the year runs, unlike the in-memory log, whose ordered set was about 1 % of a simulated year's CPU.
/// </summary>
sealed class ShardNotificationLog : INotificationLog
{
    readonly Dictionary<string, Notification> byKey = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    public Task<bool> RecordAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(byKey.TryAdd(notification.Key, notification));
        }
    }

    public IAsyncEnumerable<Notification> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        All().Where(n => n.CaseId == caseId).ToAsyncEnumerable();

    public IAsyncEnumerable<Notification> AllAsync(CancellationToken cancellationToken = default) => All().ToAsyncEnumerable();

    public IAsyncEnumerable<Notification> OnDatesAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken = default) =>
        All().Where(n => n.On >= from && n.On < until).ToAsyncEnumerable();

    /// <summary>Everything recorded, in the contract's order: by date, then key.</summary>
    public IReadOnlyList<Notification> All()
    {
        lock (gate)
        {
            var all = byKey.Values.ToArray();
            Array.Sort(all, static (a, b) => ContractNotification.Compare(a.On, a.Key, b.On, b.Key));
            return all;
        }
    }
}
