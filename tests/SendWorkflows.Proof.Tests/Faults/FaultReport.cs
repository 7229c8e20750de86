using System.Globalization;
using System.Text;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Proof.Tests.LocalServices;
using SendWorkflows.Runtime;

namespace SendWorkflows.Proof.Tests.Faults;

/// <summary>The crash run set against the clean run and MailDev: every difference, named, and the figures to publish.</summary>
public sealed class FaultReport
{
    FaultReport()
    {
    }

    /// <summary>The host's <c>Email:Smtp:MessageIdDomain</c> (its default).</summary>
    const string MessageIdDomain = "sendworkflows.local";

    public int Expected { get; private init; }

    public IReadOnlyList<string> MissingInstances { get; private init; } = [];

    /// <summary>Instances whose status (or whether they wait on a timer) differs from the clean run's.</summary>
    public IReadOnlyList<string> DifferentStatus { get; private init; } = [];

    public IReadOnlyList<string> UnsettledInstances { get; private init; } = [];

    public IReadOnlyList<string> NotRecorded { get; private init; } = [];

    public IReadOnlyList<string> Unexpected { get; private init; } = [];

    public IReadOnlyList<string> DifferentRecipients { get; private init; } = [];

    public IReadOnlyList<string> NotSent { get; private init; } = [];

    public IReadOnlyList<string> NotDelivered { get; private init; } = [];

    public IReadOnlyList<string> UnknownMail { get; private init; } = [];

    /// <summary>
    /// Outbox rows delivered more than once, for any reason. The host confirms an interrupted attempt with MailDev
    /// before sending again (ADR 0044), so not even a kill between sending and marking excuses a second copy.
    /// </summary>
    public IReadOnlyList<string> Duplicates { get; private init; } = [];

    public string Summary { get; private init; } = "";

    public static FaultReport Compare(
        FaultRunPlan plan, StoredState state, ReferenceResult reference, IReadOnlyList<ReceivedMail> mail,
        IReadOnlyList<TimeSpan> kills, TimeSpan elapsed, TimeSpan settledAt)
    {
        var recorded = state.Notifications.GroupBy(n => n.Key).ToDictionary(g => g.Key, g => g.First());
        var expected = reference.Notifications.ToDictionary(n => n.Key);
        var hostInstances = state.Instances.ToDictionary(i => i.InstanceId);
        // Each e-mail's Message-Id is derived from its outbox row (notification key and recipient): match on it.
        var copies = mail.GroupBy(m => m.MessageId.Trim('<', '>', ' ')).ToDictionary(g => g.Key, g => g.ToList());
        var rows = state.Outbox.ToDictionary(r => DeterministicMessageId.For(r.Id, MessageIdDomain));
        var duplicates = copies.Where(c => c.Value.Count > 1).ToList();
        var unsettled = state.Instances.Where(i => !StoredState.IsSettled(i, plan.EndAt)).ToList();
        var duplicateRows = duplicates
            .Select(d => $"{d.Key}: {d.Value.Count} copies, {(rows.TryGetValue(d.Key, out var row) ? $"{row.InterruptedAttempts} interrupted attempts; {row.LastError}" : "no outbox row")}")
            .ToList();

        var summary = new StringBuilder();
        summary.AppendLine(CultureInfo.InvariantCulture, $"fault run: {plan.Plans} plans + {plan.Requests} requests, {FaultRunPlan.StartOn:yyyy-MM-dd}..{plan.EndOn:yyyy-MM-dd} at {plan.ClockSpeed}x, seed {plan.Seed}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"instances: {state.Instances.Count} (clean run {reference.Instances.Count}); completed {state.Instances.Count(i => i.IsTerminal)}; unsettled {unsettled.Count}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"kills: {kills.Count} at {string.Join(", ", kills.Select(k => k.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"))}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"events applied: {state.Processed.Count}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"notifications: expected {expected.Count}, recorded {recorded.Count}, missing {expected.Keys.Except(recorded.Keys).Count()}, unexpected {recorded.Keys.Except(expected.Keys).Count()}");
        summary.AppendLine(CultureInfo.InvariantCulture, $"e-mails (outbox rows): {state.Outbox.Count}, sent {state.Outbox.Count(r => r.Status == OutboxStatus.Sent)}, received by MailDev {mail.Count}, distinct {copies.Count}, duplicate copies {duplicates.Sum(d => d.Value.Count - 1)}, interrupted attempts {state.Outbox.Sum(r => r.InterruptedAttempts)}, confirmed after interruption {state.Outbox.Count(r => r.ConfirmedAfterInterruption)}");
        foreach (var key in expected.Keys.Except(recorded.Keys).Order(StringComparer.Ordinal).Take(15))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"  missing: {Describe(expected[key])} {key}");
        }

        foreach (var key in recorded.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).Take(15))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"  unexpected: {Describe(recorded[key])} {key}");
        }

        foreach (var e in expected.Values.Where(e => recorded.TryGetValue(e.Key, out var r) && Describe(r) != Describe(e)).Take(10))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"  differs: {e.Key}: clean run {Describe(e)}, host {Describe(recorded[e.Key])}");
        }

        summary.AppendLine(CultureInfo.InvariantCulture, $"time: settled at {settledAt.TotalSeconds:0}s, total {elapsed.TotalSeconds:0}s");

        return new FaultReport
        {
            Expected = expected.Count,
            appliedIds = state.Processed.Select(p => p.EventId).ToHashSet(),
            DifferentStatus = reference.Instances.Where(i => hostInstances.TryGetValue(i.InstanceId, out var h) && (h.Status != i.Status || (h.WakeAt is null) != (i.WakeAt is null)))
                .Select(i => $"{i.InstanceId}: {hostInstances[i.InstanceId].Status} (wakes {hostInstances[i.InstanceId].WakeAt:O}), clean run {i.Status} (wakes {i.WakeAt:O})").Take(20).ToList(),
            MissingInstances = reference.Instances.Select(i => i.InstanceId).Where(id => !hostInstances.ContainsKey(id)).Take(20).ToList(),
            UnsettledInstances = unsettled.Select(i => $"{i.InstanceId}: {i.Status}, wakes {i.WakeAt:O}, lease {i.LeaseUntil:O} {i.Failure?.ErrorMessage}").Take(20).ToList(),
            NotRecorded = expected.Keys.Except(recorded.Keys).Order(StringComparer.Ordinal).Take(20).ToList(),
            Unexpected = recorded.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).Take(20).ToList(),
            DifferentRecipients = expected.Values.Where(e => recorded.TryGetValue(e.Key, out var r) && Describe(r) != Describe(e))
                .Select(e => $"{e.Key}: expected {Describe(e)}, recorded {Describe(recorded[e.Key])}").Take(20).ToList(),
            NotSent = state.Outbox.Where(r => r.Status != OutboxStatus.Sent).Select(r => $"{r.Id}: {r.Status} {r.LastError}").Take(20).ToList(),
            NotDelivered = rows.Where(r => !copies.ContainsKey(r.Key)).Select(r => r.Value.Id).Take(20).ToList(),
            UnknownMail = copies.Where(c => !rows.ContainsKey(c.Key)).Select(c => $"{c.Key} ({c.Value[0].OutboxKey})").Take(20).ToList(),
            Duplicates = duplicateRows.Take(20).ToList(),
            Summary = summary.ToString(),
        };
    }

    /// <summary>Demo events due by the end date that were neither applied nor kept as rejected with a reason.</summary>
    public IReadOnlyList<string> LostDemoEvents(IEnumerable<string> dueIds, IReadOnlySet<string> rejectedIds) =>
        dueIds.Where(id => !appliedIds.Contains(id) && !rejectedIds.Contains(id)).Take(20).ToList();

    HashSet<string> appliedIds { get; init; } = [];

    static string Describe(Notification n) =>
        $"{n.Kind} on {n.On:yyyy-MM-dd} to [{string.Join(',', n.To.Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal))}] cc [{string.Join(',', n.Cc.Select(a => a.ToLowerInvariant()).Order(StringComparer.Ordinal))}]";
}
