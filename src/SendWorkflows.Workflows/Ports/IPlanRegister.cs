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
}

/// <summary>
/// A register entry with the addresses the council-wide lists are sent to, and the contact keys invited to the plan's
/// reviews (null in entries written before the register kept them).
/// </summary>
public sealed record RegisteredPlan(RegisterEntry Entry, string SettingEmail, string CaseworkerEmail, IReadOnlyList<string>? Contributors = null)
{
    public string PlanId => Entry.PlanId;
}
