using SendWorkflows.Contract;

namespace SendWorkflows.Web.Intake;

/// <summary>What became of one case event handed to the engine.</summary>
public enum EventStatus
{
    Accepted,

    /// <summary>An event with the same id was processed before: it has the effect of once.</summary>
    Duplicate,

    /// <summary>Kept in the rejected-events store with <see cref="EventResult.Reason"/>.</summary>
    Rejected,
}

/// <summary>The per-event answer of every intake channel (HTTP, queue, response link).</summary>
public sealed record EventResult(string? EventId, string? CaseId, string? Type, EventStatus Status, string? Reason = null);

/// <summary>Where every channel hands a parsed case event: idempotent by event id; rejections are kept.</summary>
public interface ICaseEventSink
{
    Task<EventResult> SubmitAsync(CaseEvent caseEvent, string source, CancellationToken cancellationToken = default);
}
