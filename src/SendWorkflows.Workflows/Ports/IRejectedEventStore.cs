namespace SendWorkflows.Workflows;

/// <summary>
/// Where a case event, a caseload row or a command that cannot be applied is kept with the reason, so that
/// someone can correct and resend it (the dead-letter store). Nothing rejected is ever dropped.
/// </summary>
public interface IRejectedEventStore
{
    Task RecordAsync(RejectedEvent rejected, CancellationToken cancellationToken = default);

    IAsyncEnumerable<RejectedEvent> AllAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// One rejected input. <paramref name="Source"/> says where it came from ("events", "caseload", or the workflow
/// instance that refused it); <paramref name="Line"/> is the input file's line number when there is one;
/// <paramref name="Raw"/> is the original text when it could not be parsed.
/// </summary>
public sealed record RejectedEvent(
    string Source,
    string Reason,
    string? EventId = null,
    string? CaseId = null,
    string? Type = null,
    DateOnly? On = null,
    int? Line = null,
    string? Raw = null);
