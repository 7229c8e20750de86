using System.Collections.Concurrent;

namespace SendWorkflows.Web.Links;

/// <summary>Remembers which response links were used, so each works once.</summary>
public interface IUsedLinkStore
{
    Task<bool> IsUsedAsync(string linkId, CancellationToken cancellationToken = default);

    /// <summary>Records the link as used; false if it already was.</summary>
    Task<bool> MarkUsedAsync(string linkId, DateTimeOffset usedAt, CancellationToken cancellationToken = default);
}

public sealed class InMemoryUsedLinkStore : IUsedLinkStore
{
    readonly ConcurrentDictionary<string, DateTimeOffset> used = new(StringComparer.Ordinal);

    public Task<bool> IsUsedAsync(string linkId, CancellationToken cancellationToken = default) =>
        Task.FromResult(used.ContainsKey(linkId));

    public Task<bool> MarkUsedAsync(string linkId, DateTimeOffset usedAt, CancellationToken cancellationToken = default) =>
        Task.FromResult(used.TryAdd(linkId, usedAt));
}
