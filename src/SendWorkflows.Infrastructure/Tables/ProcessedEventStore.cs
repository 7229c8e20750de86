using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>One case event the engine applied, as received: the case timeline's entries.</summary>
public sealed record ProcessedEvent(
    string EventId, string CaseId, string Type, DateOnly On, string Source, DateTimeOffset ProcessedAt, string Json);

/// <summary>
/// The case events already applied, by case and event id: the contract's "the same id twice has the effect of
/// once" across restarts and channels (HTTP, queue, response links), and each case's event timeline.
/// </summary>
public interface IProcessedEventStore
{
    Task<bool> WasProcessedAsync(string caseId, string eventId, CancellationToken cancellationToken = default);

    /// <summary>Records the event; false if it was already recorded.</summary>
    Task<bool> MarkProcessedAsync(ProcessedEvent processed, CancellationToken cancellationToken = default);

    IAsyncEnumerable<ProcessedEvent> ForCaseAsync(string caseId, CancellationToken cancellationToken = default);

    IAsyncEnumerable<ProcessedEvent> OfTypeAsync(string type, CancellationToken cancellationToken = default);
}

public sealed class InMemoryProcessedEventStore : IProcessedEventStore
{
    readonly ConcurrentDictionary<(string CaseId, string EventId), ProcessedEvent> processed = new();

    public Task<bool> WasProcessedAsync(string caseId, string eventId, CancellationToken cancellationToken = default) =>
        Task.FromResult(processed.ContainsKey((caseId, eventId)));

    public Task<bool> MarkProcessedAsync(ProcessedEvent processedEvent, CancellationToken cancellationToken = default) =>
        Task.FromResult(processed.TryAdd((processedEvent.CaseId, processedEvent.EventId), processedEvent));

    public async IAsyncEnumerable<ProcessedEvent> ForCaseAsync(string caseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var item in processed.Values.Where(p => p.CaseId == caseId).OrderBy(p => p.ProcessedAt))
        {
            yield return item;
        }
    }

    public async IAsyncEnumerable<ProcessedEvent> OfTypeAsync(string type, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var item in processed.Values.Where(p => p.Type == type))
        {
            yield return item;
        }
    }
}

/// <summary>
/// <see cref="IProcessedEventStore"/> in the <c>processedevents</c> table: partition = case id, row = event id, so an
/// insert conflict means "seen before" and a case's timeline is one partition query.
/// </summary>
public sealed class TableProcessedEventStore(TableServiceClient service) : IProcessedEventStore
{
    public const string TableName = "processedevents";
    readonly JsonEntityTable<ProcessedEvent> table = new(service, TableName);

    public async Task<bool> WasProcessedAsync(string caseId, string eventId, CancellationToken cancellationToken = default) =>
        await table.GetAsync(TableKeys.Escape(caseId), TableKeys.Escape(eventId), cancellationToken) is not null;

    public Task<bool> MarkProcessedAsync(ProcessedEvent processed, CancellationToken cancellationToken = default) =>
        table.TryAddAsync(TableKeys.Escape(processed.CaseId), TableKeys.Escape(processed.EventId), processed,
            new Dictionary<string, object?> { ["Type"] = processed.Type, ["Source"] = processed.Source }, cancellationToken);

    public IAsyncEnumerable<ProcessedEvent> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        table.QueryAsync(TableKeys.Escape(caseId), cancellationToken);

    /// <summary>A scan filtered on the Type column: fine for dashboard use at a council's volumes.</summary>
    public IAsyncEnumerable<ProcessedEvent> OfTypeAsync(string type, CancellationToken cancellationToken = default) =>
        table.QueryColumnAsync("Type", type, cancellationToken);
}
