using System.Security.Cryptography;
using System.Text;
using SendWorkflows.Contract;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Monitoring;
using SendWorkflows.Workflows.Starting;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Workflows.Loading;

/// <summary>What loading one caseload row did to its plan (contract section 1).</summary>
public enum PlanLoadOutcome
{
    /// <summary>The plan was new: its annual review workflow started.</summary>
    Started,

    /// <summary>The plan was running and the row changed its setting, caseworker or contributors: the matching events were raised.</summary>
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
/// plan already running raises <c>PlacementChanged</c> / <c>CaseworkerChanged</c> / <see cref="ContributorsChanged"/>
/// dated the load date where the row differs from the plan as the register shows it (docs/adr/0036). A new plan is
/// loaded mid-cycle as it stands: its due date comes from its last review, steps already past are skipped and an
/// overdue review is escalated once. A plan missing from a later file is left running.
/// </summary>
public sealed class CaseloadLoader(
    DurableTaskClient client, IContactsDirectorySource contacts, IRejectedEventStore rejected, IPlanRegister register,
    IMonitoringVisitRegister monitoring)
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
        public const string FamilyEmail = "family e-mail";
    }

    /// <summary>Starts a new plan, or brings a running one up to the row's values.</summary>
    /// <exception cref="NoContactsDirectoryException">Before anything is read or started, if no directory was imported.</exception>
    public async Task<PlanLoad> LoadAsync(PlanRecord row, DateOnly loadedOn, CancellationToken cancellationToken = default) =>
        await LoadAsync(row, loadedOn, await contacts.GetAsync(cancellationToken), cancellationToken);

    /// <summary>As above, with the contacts directory already read (an import reads it once for all its rows).</summary>
    public async Task<PlanLoad> LoadAsync(PlanRecord row, DateOnly loadedOn, ContactsDirectory directory, CancellationToken cancellationToken = default)
    {
        var instanceId = ReviewedPlan.InstanceIdFor(row.PlanId);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (existing is null)
        {
            // Just found absent: started without looking again (a start that lost a race still counts as started).
            await StartReviewsAsync(row, loadedOn, directory, knownAbsent: true, cancellationToken);
            await MonitoringVisitStarts.StartLoadedAsync(client, row, loadedOn, cancellationToken);
            return new PlanLoad(row.PlanId, PlanLoadOutcome.Started, [], []);
        }

        if (!existing.IsLive())
        {
            return PlanLoad.Refused(row.PlanId,
                $"the annual review workflow of plan {row.PlanId} has ended ({existing.RuntimeStatus}); loading a caseload does not restart a ceased plan");
        }

        var plan = existing.ReadInputAs<AnnualReviewInput>()?.Plan
            ?? throw new InvalidOperationException($"The workflow {instanceId} has no readable plan.");
        var now = await register.FindAsync(row.PlanId, cancellationToken);
        var changes = Changes(row, loadedOn, plan, now);
        if (ContributorsChange(row, loadedOn, plan, now, directory) is { } contributors)
        {
            changes.Add(contributors);
            await ReportUnknownContributorsAsync(row, directory, cancellationToken);
        }

        if (row.AwaitingProvision != (now?.Entry.AwaitingProvision ?? plan.AwaitingProvision))
        {
            changes.Add(row.AwaitingProvision
                ? new ProvisionAwaited(EventId(loadedOn, "awaited", row.PlanId), row.PlanId, loadedOn)
                : new ProvisionSecured(EventId(loadedOn, "secured", row.PlanId), row.PlanId, loadedOn));
        }

        foreach (var change in changes)
        {
            await client.RaiseEventAsync(instanceId, EventNames.CaseEvent, CaseEventMessage.Of(change), cancellationToken);
            await TellMonitoringAsync(row, change, cancellationToken);
        }

        var applied = changes.Select(FieldOf).ToList();
        if (await LoadMonitoringAsync(row, loadedOn, cancellationToken))
        {
            applied.Add(Fields.MonitoringVisit);
        }

        var notYet = NotYetApplied(row, plan, now, await monitoring.FindAsync(row.PlanId, cancellationToken));
        return new PlanLoad(row.PlanId, applied.Count > 0 ? PlanLoadOutcome.Updated : PlanLoadOutcome.Unchanged, applied, notYet);
    }

    /// <summary>
    /// Starts one plan's reviews and, in a monitored setting, its monitoring visits; unknown contributor keys are
    /// reported and left out, the plan still loads.
    /// </summary>
    public async Task<string> StartAsync(PlanRecord row, DateOnly loadedOn, CancellationToken cancellationToken = default)
    {
        var started = await StartReviewsAsync(row, loadedOn, cancellationToken);
        await MonitoringVisitStarts.StartLoadedAsync(client, row, loadedOn, cancellationToken);
        return started;
    }

    /// <summary>The reviews alone (a fault proof's reference run starts the two workflows when the host first ran each).</summary>
    public async Task<string> StartReviewsAsync(PlanRecord row, DateOnly loadedOn, CancellationToken cancellationToken = default) =>
        await StartReviewsAsync(row, loadedOn, await contacts.GetAsync(cancellationToken), knownAbsent: false, cancellationToken);

    async Task<string> StartReviewsAsync(PlanRecord row, DateOnly loadedOn, ContactsDirectory directory, bool knownAbsent, CancellationToken cancellationToken)
    {
        await ReportUnknownContributorsAsync(row, directory, cancellationToken);
        var plan = ReviewedPlan.FromRecord(row, loadedOn, KnownContributors(row, directory)) with
        {
            PreparingForAdulthoodContact = PreparingForAdulthood.ContactIn(directory),
        };
        var input = AnnualReviewInput.Imported(plan, row.LastReviewOn);
        var instanceId = ReviewedPlan.InstanceIdFor(row.PlanId);
        return knownAbsent
            ? await client.StartAbsentAsync(nameof(AnnualReviewOrchestrator), input, instanceId, cancellationToken)
            : await client.StartOnceAsync(nameof(AnnualReviewOrchestrator), input, instanceId, cancellationToken);
    }

    /// <summary>A running plan's move or new caseworker also goes to its monitoring visits (a move into a monitored setting starts them).</summary>
    Task TellMonitoringAsync(PlanRecord row, CaseEvent change, CancellationToken cancellationToken) => change switch
    {
        PlacementChanged moved => MonitoringVisitStarts.PlacementChangedAsync(client, moved, row.ChildInitials, row.CaseworkerEmail, cancellationToken),
        CaseworkerChanged => MonitoringVisitStarts.ForwardAsync(client, change, cancellationToken),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// A running plan in a monitored setting without monitoring visits yet gets them now (plans loaded before they
    /// existed); one whose row names a later visit than the register knows has that visit recorded. True when a visit was recorded.
    /// </summary>
    async Task<bool> LoadMonitoringAsync(PlanRecord row, DateOnly loadedOn, CancellationToken cancellationToken)
    {
        var instanceId = MonitoringVisitInput.InstanceIdFor(row.PlanId);
        if (await client.GetInstanceAsync(instanceId, cancellation: cancellationToken) is null)
        {
            await MonitoringVisitStarts.StartLoadedAsync(client, row, loadedOn, cancellationToken);
            return false;
        }

        var known = (await monitoring.FindAsync(row.PlanId, cancellationToken))?.LastVisitOn;
        if (row.LastMonitoringVisitOn is not { } visit || visit <= known || visit > loadedOn)
        {
            return false;
        }

        var recorded = new MonitoringVisitRecorded(EventId(loadedOn, "visit", row.PlanId, ContractRules.FormatDate(visit)), row.PlanId, visit);
        return await MonitoringVisitStarts.ForwardAsync(client, recorded, cancellationToken);
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

        // A row without the column (or with it empty) leaves the family's e-mail as it is: only FamilyContactChanged clears it.
        var familyEmail = now is null ? plan.FamilyEmail : now.FamilyEmail;
        if (row.FamilyEmail is { } family && !string.Equals(familyEmail, family, StringComparison.OrdinalIgnoreCase))
        {
            var id = EventId(loadedOn, "family", row.PlanId, family.ToLowerInvariant());
            changes.Add(new FamilyContactChanged(id, row.PlanId, loadedOn, family));
        }

        return changes;
    }

    /// <summary>The plan's new review contributors (those in the directory), when they differ as a set from its current ones.</summary>
    static ContributorsChanged? ContributorsChange(PlanRecord row, DateOnly loadedOn, ReviewedPlan plan, RegisteredPlan? now, ContactsDirectory directory)
    {
        var wanted = KnownContributors(row, directory);
        var current = now?.Contributors ?? plan.Contributors;
        if (wanted.Order(StringComparer.Ordinal).SequenceEqual(current.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return null;
        }

        return new ContributorsChanged(EventId(loadedOn, "contributors", [row.PlanId, .. wanted]), row.PlanId, loadedOn, wanted);
    }

    static List<string> KnownContributors(PlanRecord row, ContactsDirectory directory) =>
        [.. (row.Contributors ?? []).Where(directory.Contacts.ContainsKey)];

    async Task ReportUnknownContributorsAsync(PlanRecord row, ContactsDirectory directory, CancellationToken cancellationToken)
    {
        foreach (var key in (row.Contributors ?? []).Where(key => !directory.Contacts.ContainsKey(key)))
        {
            await rejected.RecordAsync(
                new RejectedEvent(Source, $"contributor '{key}' of plan {row.PlanId} is not in the contacts directory; the plan loads without it", CaseId: row.PlanId),
                cancellationToken);
        }
    }

    static string FieldOf(CaseEvent change) => change switch
    {
        PlacementChanged => Fields.Setting,
        CaseworkerChanged => Fields.Caseworker,
        FamilyContactChanged => Fields.FamilyEmail,
        ProvisionAwaited or ProvisionSecured => Fields.AwaitingProvision,
        _ => Fields.Contributors,
    };

    /// <summary>Fields that differ but have no event in the engine yet, so the load reports them rather than drop them silently.</summary>
    /// <summary>A visit to a placement that is not monitored has nowhere to go: reported, not dropped silently.</summary>
    static List<string> NotYetApplied(PlanRecord row, ReviewedPlan plan, RegisteredPlan? now, MonitoringVisitEntry? visits)
    {
        var notYet = new List<string>();
        var known = visits is null ? now?.Entry.LastMonitoringVisitOn ?? plan.LastMonitoringVisitOn : visits.LastVisitOn;
        if (row.LastMonitoringVisitOn is { } visit && visit != known && visits?.Monitored != true)
        {
            notYet.Add(Fields.MonitoringVisit);
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
