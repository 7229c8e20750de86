using System.Security.Cryptography;
using System.Text;
using SendWorkflows.Contract;
using SendWorkflows.Orchestration;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Workflows.Loading;

/// <summary>What loading one caseload row did to its plan (contract section 1).</summary>
public enum PlanLoadOutcome
{
    /// <summary>The plan was new: its annual review workflow started.</summary>
    Started,

    /// <summary>The plan was running and the row changed its setting or caseworker: the matching events were raised.</summary>
    Updated,

    /// <summary>The plan was running and nothing the engine can apply differs.</summary>
    Unchanged,

    /// <summary>The plan cannot load (its workflow has ended, say); <see cref="PlanLoad.Reason"/> says why.</summary>
    Rejected,
}

/// <summary>
/// One row's load. <see cref="Applied"/> names the fields changed by events; <see cref="NotYetApplied"/> names fields
/// that differ from the running plan but that no event applies yet. Field names only: never the values.
/// </summary>
public sealed record PlanLoad(
    string PlanId, PlanLoadOutcome Outcome, IReadOnlyList<string> Applied, IReadOnlyList<string> NotYetApplied, string? Reason = null)
{
    public static PlanLoad Refused(string planId, string reason) => new(planId, PlanLoadOutcome.Rejected, [], [], reason);
}

/// <summary>
/// Loads caseload rows: starts the annual review workflow of a new plan (instance <c>review:{planId}</c>), and for a
/// plan already running raises <c>PlacementChanged</c> / <c>CaseworkerChanged</c> dated the load date where the row
/// differs from the plan as the register shows it (docs/adr/0036). A plan is loaded mid-cycle as it stands: its due
/// date comes from its last review, steps already past are skipped and an overdue review is escalated once.
/// </summary>
public sealed class CaseloadLoader(
    DurableTaskClient client, IContactsDirectorySource contacts, IRejectedEventStore rejected, IPlanRegister register)
{
    public const string Source = "caseload";

    /// <summary>The names <see cref="PlanLoad"/> uses for the fields of a row.</summary>
    public static class Fields
    {
        public const string Setting = "setting";
        public const string Caseworker = "caseworker";
        public const string Contributors = "contributors";
        public const string MonitoringVisit = "last monitoring visit";
        public const string AwaitingProvision = "awaiting provision";
    }

    /// <summary>Starts a new plan, or brings a running one up to the row's values.</summary>
    public async Task<PlanLoad> LoadAsync(PlanRecord row, DateOnly loadedOn, CancellationToken cancellationToken = default)
    {
        var instanceId = ReviewedPlan.InstanceIdFor(row.PlanId);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (existing is null)
        {
            await StartAsync(row, loadedOn, cancellationToken);
            return new PlanLoad(row.PlanId, PlanLoadOutcome.Started, [], []);
        }

        if (!existing.IsRunning)
        {
            return PlanLoad.Refused(row.PlanId,
                $"the annual review workflow of plan {row.PlanId} has ended ({existing.RuntimeStatus}); loading a caseload does not restart a ceased plan");
        }

        var plan = existing.ReadInputAs<AnnualReviewInput>()?.Plan
            ?? throw new InvalidOperationException($"The workflow {instanceId} has no readable plan.");
        var now = await register.FindAsync(row.PlanId, cancellationToken);
        var changes = Changes(row, loadedOn, plan, now);
        foreach (var change in changes)
        {
            await client.RaiseEventAsync(instanceId, EventNames.CaseEvent, CaseEventMessage.Of(change), cancellationToken);
        }

        var applied = changes.Select(c => c is PlacementChanged ? Fields.Setting : Fields.Caseworker).ToList();
        var notYet = await NotYetAppliedAsync(row, plan, now, cancellationToken);
        return new PlanLoad(row.PlanId, applied.Count > 0 ? PlanLoadOutcome.Updated : PlanLoadOutcome.Unchanged, applied, notYet);
    }

    /// <summary>Starts one plan's reviews; unknown contributor keys are reported and left out, the plan still loads.</summary>
    public async Task<string> StartAsync(PlanRecord row, DateOnly loadedOn, CancellationToken cancellationToken = default)
    {
        var directory = await contacts.GetAsync(cancellationToken);
        var contributors = new List<string>();
        foreach (var key in row.Contributors ?? [])
        {
            if (directory.Contacts.ContainsKey(key))
            {
                contributors.Add(key);
            }
            else
            {
                await rejected.RecordAsync(
                    new RejectedEvent(Source, $"contributor '{key}' of plan {row.PlanId} is not in the contacts directory; the plan loads without it", CaseId: row.PlanId),
                    cancellationToken);
            }
        }

        var plan = ReviewedPlan.FromRecord(row, loadedOn, contributors) with
        {
            PreparingForAdulthoodContact = PreparingForAdulthood.ContactIn(directory),
        };
        return await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AnnualReviewOrchestrator), AnnualReviewInput.Imported(plan, row.LastReviewOn),
            new StartOrchestrationOptions(ReviewedPlan.InstanceIdFor(row.PlanId)), cancellationToken);
    }

    /// <summary>
    /// The events that bring the plan to the row's setting and caseworker. The register is the plan as it stands
    /// (the workflow writes it after every change); the workflow's input stands in until its first entry is written.
    /// </summary>
    static List<CaseEvent> Changes(PlanRecord row, DateOnly loadedOn, ReviewedPlan plan, RegisteredPlan? now)
    {
        var (settingName, settingType, settingEmail, caseworkerEmail) = now is null
            ? (plan.SettingName, plan.SettingType, plan.SettingEmail, plan.CaseworkerEmail)
            : (now.Entry.SettingName, now.Entry.SettingType, now.SettingEmail, now.CaseworkerEmail);
        var changes = new List<CaseEvent>();
        if ((settingName, settingType, settingEmail) != (row.SettingName, row.SettingType, row.SettingEmail))
        {
            var id = EventId(loadedOn, "placement", row.PlanId, row.SettingName, row.SettingEmail, ContractSpelling.SettingTypes.Spell(row.SettingType));
            changes.Add(new PlacementChanged(id, row.PlanId, loadedOn, row.SettingName, row.SettingEmail, row.SettingType));
        }

        if (!string.Equals(caseworkerEmail, row.CaseworkerEmail, StringComparison.Ordinal))
        {
            var id = EventId(loadedOn, "caseworker", row.PlanId, row.CaseworkerEmail);
            changes.Add(new CaseworkerChanged(id, row.PlanId, loadedOn, row.CaseworkerEmail));
        }

        return changes;
    }

    /// <summary>Fields that differ but have no event in the engine yet, so the load reports them rather than drop them silently.</summary>
    async Task<IReadOnlyList<string>> NotYetAppliedAsync(PlanRecord row, ReviewedPlan plan, RegisteredPlan? now, CancellationToken cancellationToken)
    {
        var notYet = new List<string>();
        var directory = await contacts.GetAsync(cancellationToken);
        var rowContributors = (row.Contributors ?? []).Where(directory.Contacts.ContainsKey).Order(StringComparer.Ordinal);
        if (!rowContributors.SequenceEqual(plan.Contributors.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            notYet.Add(Fields.Contributors);
        }

        if (row.LastMonitoringVisitOn is { } visit && visit != (now?.Entry.LastMonitoringVisitOn ?? plan.LastMonitoringVisitOn))
        {
            notYet.Add(Fields.MonitoringVisit);
        }

        if (row.AwaitingProvision != (now?.Entry.AwaitingProvision ?? plan.AwaitingProvision))
        {
            notYet.Add(Fields.AwaitingProvision);
        }

        return notYet;
    }

    /// <summary>
    /// The same change on the same load date always gets the same id, so loading a file twice raises it once in
    /// effect (the workflow ignores an id it has applied). Hashed to stay within the contract's 64 characters.
    /// </summary>
    static string EventId(DateOnly loadedOn, string kind, params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        return $"load:{ContractRules.FormatDate(loadedOn)}:{kind}:{Convert.ToHexStringLower(hash.AsSpan(0, 8))}";
    }
}
