using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;

/// <summary>
/// Where workflows record every notification before it is delivered: the audit trail and the outbox's input.
/// Implementations: in memory (simulation) and Azure Table Storage (the host).
/// </summary>
public interface INotificationLog
{
    /// <summary>Records <paramref name="notification"/>; a second record with the same key is ignored. True if new.</summary>
    Task<bool> RecordAsync(Notification notification, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Notification> ForCaseAsync(string caseId, CancellationToken cancellationToken = default);

    IAsyncEnumerable<Notification> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The notifications dated from <paramref name="from"/> to the day before <paramref name="until"/>, by date then key,
    /// read from the by-week index written with each record (docs/adr/0115), never the whole log.
    /// </summary>
    IAsyncEnumerable<Notification> OnDatesAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken = default);
}
