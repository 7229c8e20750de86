using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Tests.Support;

namespace SendWorkflows.Replay.Tests.Corpus;

/// <summary>What became of a snapshot on the current code.</summary>
public sealed record ReplayResult(IReadOnlyList<string> Failures)
{
    public bool Replayed => Failures.Count == 0;
}

/// <summary>
/// Loads a snapshot into a fresh embedded store, lets the current code replay every history, carries the cases on
/// with the snapshot's remaining events and compares what it did with what the release promised.
/// </summary>
static class CorpusReplay
{
    public static async Task<ReplayResult> RunAsync(
        ReplaySnapshot snapshot, IReadOnlyDictionary<string, Func<ITaskOrchestrator>>? replacements = null)
    {
        var store = new InMemoryOrchestrationStore();
        foreach (var partition in snapshot.Instances)
        {
            store.Import(partition.ToWork());
        }

        await using var scenario = WorkflowScenario.Resuming(snapshot.Now, store, replacements);
        foreach (var plan in snapshot.Register)
        {
            await scenario.Register.UpsertAsync(plan);
        }

        await scenario.Runtime.RunUntilIdleAsync();
        foreach (var e in snapshot.RemainingEvents)
        {
            await scenario.ApplyAsync(e);
        }

        await scenario.Runtime.AdvanceToAsync(WorkflowCalendar.ToUtc(snapshot.RunThrough.AddDays(1), TimeOnly.MinValue).AddTicks(-1));

        var failures = new List<string>();
        var final = new List<FinalInstance>();
        await foreach (var m in scenario.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            var record = (await store.GetInstanceAsync(m.InstanceId, default))!.Record;
            final.Add(new FinalInstance(m.InstanceId, m.Name, m.RuntimeStatus, record.Generation));
            if (m.RuntimeStatus == OrchestrationRuntimeStatus.Failed)
            {
                failures.Add(FailureOf(snapshot, m));
            }
        }

        if (failures.Count == 0)
        {
            var sent = scenario.Notifications.All().Select(n => new PromisedNotification(n.Key, n.Kind, n.On)).ToHashSet();
            var promised = snapshot.Promised.ToHashSet();
            failures.AddRange(promised.Except(sent).Select(p =>
                $"'{snapshot.Name}': the release promised {p.Kind} '{p.Key}' on {p.On}, which the current code did not send: an in-flight change needs a new version (add a version)."));
            failures.AddRange(sent.Except(promised).Select(p =>
                $"'{snapshot.Name}': the current code sent {p.Kind} '{p.Key}' on {p.On}, which the release did not: an in-flight change needs a new version (add a version)."));
            var expected = snapshot.Final.ToHashSet();
            failures.AddRange(expected.Except(final).Select(f =>
                $"'{snapshot.Name}': {f.Name} '{f.InstanceId}' ended {f.Status} in generation {f.Generation} on the release, but not on the current code ({Describe(final, f.InstanceId)}): add a version."));
            failures.AddRange(final.Except(expected).Where(f => expected.All(e => e.InstanceId != f.InstanceId)).Select(f =>
                $"'{snapshot.Name}': the current code made {f.Name} '{f.InstanceId}', which the release did not: add a version."));
        }

        return new ReplayResult(failures);
    }

    static string FailureOf(ReplaySnapshot snapshot, OrchestrationMetadata failed)
    {
        var message = failed.FailureDetails?.ErrorMessage ?? "no message";
        return failed.FailureDetails?.IsCausedBy<NonDeterministicOrchestrationException>() == true
            ? $"'{snapshot.Name}': {failed.Name} no longer replays its released history (instance '{failed.InstanceId}'): add a version of {failed.Name} instead of changing the released one. {message}"
            : $"'{snapshot.Name}': {failed.Name} '{failed.InstanceId}' failed after replay: {message}";
    }

    static string Describe(IEnumerable<FinalInstance> final, string instanceId) =>
        final.FirstOrDefault(f => f.InstanceId == instanceId) is { } f ? $"{f.Status} in generation {f.Generation}" : "absent";
}
