// TEMPORARY: copies of the workflows branch's draft ports, deleted when that branch lands on main.
using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;


/// <summary>The current contacts directory (contract section 3). Activities and the dispatcher read it; orchestrators never do.</summary>
public interface IContactsDirectorySource
{
    Task<ContactsDirectory> GetAsync(CancellationToken cancellationToken = default);
}


/// <summary>
/// Where workflows record what each finished assessment and review cycle achieved against the statutory limits:
/// the input of the KPIs. Keyed, so an activity that runs twice records once; a later record under the same key
/// (a late amended plan) replaces the earlier one.
/// </summary>
public interface IOutcomeLog
{
    Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default);

    IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default);
}

/// <summary>One outcome under its deterministic key: exactly one of the two outcomes is set.</summary>
public sealed record RecordedOutcome(string Key, AssessmentOutcome? Assessment = null, ReviewOutcome? Review = null)
{
    public string CaseId => Assessment?.CaseId ?? Review?.PlanId ?? throw new InvalidOperationException("An outcome needs a case.");

    /// <summary>The date the outcome was decided: when the assessment ended or the review cycle closed.</summary>
    public DateOnly On => Assessment?.EndedOn ?? Review?.DecisionOn ?? Review?.MeetingOn ?? Review!.DueOn;
}


/// <summary>
/// The "at any time" register of maintained plans: one entry per plan, kept current by its annual review
/// workflow; the dashboard, the termly lists and the weekly digest read it.
/// </summary>
public interface IPlanRegister
{
    Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default);

    IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default);
}

/// <summary>A register entry with the addresses the council-wide lists are sent to.</summary>
public sealed record RegisteredPlan(RegisterEntry Entry, string SettingEmail, string CaseworkerEmail)
{
    public string PlanId => Entry.PlanId;
}

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
