using SendWorkflows.Contract;

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
/// <paramref name="Field"/> the field or column at fault. <paramref name="Raw"/> is the item as received without
/// its personal values: whatever is given, only <see cref="RejectedItemText.Redact"/>'s text is kept, so no path
/// into any store (nor a record read back from one written before) can hold initials, dates of birth or e-mail
/// addresses.
/// </summary>
public sealed record RejectedEvent(
    string Source,
    string Reason,
    string? EventId = null,
    string? CaseId = null,
    string? Type = null,
    DateOnly? On = null,
    int? Line = null,
    string? Raw = null,
    string? Field = null)
{
    public string? Raw { get; init => field = RejectedItemText.Redact(value); } = RejectedItemText.Redact(Raw);
}
