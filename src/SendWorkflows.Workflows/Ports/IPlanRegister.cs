using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;

/// <summary>
/// The "at any time" register of maintained plans: one entry per plan, kept current by its annual review
/// workflow; the dashboard, the termly lists and the weekly digest read it.
/// </summary>
public interface IPlanRegister
{
    Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default);

    /// <summary>The plan's entry, or null when its workflow has not registered it yet.</summary>
    Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default);

    IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every plan a weekly digest looking ahead to <paramref name="until"/> may list (and maybe a few more), read from
    /// the digest index kept with each write (<see cref="Council.DigestIndex"/>), never the whole register.
    /// </summary>
    IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default);

    /// <summary>
    /// The plans filed under the digest index's <see cref="Council.DigestIndex.Always"/> (escalated or waiting for
    /// provision), and maybe a few more: what the KPIs read for the waiting plans. A store may read that bucket alone.
    /// </summary>
    IAsyncEnumerable<RegisteredPlan> EscalatedOrWaitingAsync(CancellationToken cancellationToken = default) =>
        ForWeeklyDigestAsync(DateOnly.MinValue, cancellationToken);
}

/// <summary>
/// A register entry with the addresses the council-wide lists are sent to, and the contact keys invited to the plan's
/// reviews (null in entries written before the register kept them). <see cref="FamilyEmail"/> is the family's address
/// for notices, so that a caseload load can tell whether it changed; never shown, and removed when the plan ceases.
/// </summary>
public sealed record RegisteredPlan(
    RegisterEntry Entry, string SettingEmail, string CaseworkerEmail, IReadOnlyList<string>? Contributors = null, string? FamilyEmail = null)
{
    public string PlanId => Entry.PlanId;

    // The family's e-mail is personal data: a generated ToString would print it into any log that prints the entry.
    bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Entry = {Entry}, SettingEmail = {SettingEmail}, CaseworkerEmail = {CaseworkerEmail}, FamilyEmail = {(FamilyEmail is null ? "(none)" : "(withheld)")}");
        return true;
    }
}
