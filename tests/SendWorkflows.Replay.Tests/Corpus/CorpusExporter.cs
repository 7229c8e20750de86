using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Tests.Support;

namespace SendWorkflows.Replay.Tests.Corpus;

/// <summary>
/// Makes a snapshot: runs a <see cref="CorpusScenario"/> on the current code up to its snapshot point, copies the
/// store, then carries the same run on and records what the code promised (notifications and how instances end).
/// </summary>
static class CorpusExporter
{
    /// <summary>
    /// The release the corpus files were taken from; change when adding snapshots from a later release. The first six
    /// were exported on the versioning branch, whose version 1 makes exactly the calls of 1f67b05, with the version
    /// fields dropped (<c>withoutVersions</c>) as 1f67b05's store never wrote them.
    /// </summary>
    public const string Release = "main at 1f67b05 (issue 13 merged), before versions: stores hold no version";

    /// <summary>
    /// The release later snapshots come from: the stores of this code, versions kept (a version 2 instance replays on
    /// version 2 only). The assessment and the annual review start on version 2 (family notices, issue 16).
    /// </summary>
    public const string VersionedRelease = "families (issue 16): assessment and annual review on version 2, stores hold versions";

    public static async Task<ReplaySnapshot> ExportAsync(CorpusScenario scenario, bool withoutVersions)
    {
        await using var run = WorkflowScenario.Starting(scenario.Start);
        await scenario.Before(run);
        var now = run.Clock.GetUtcNow();
        var partitions = new List<StoredPartition>();
        await foreach (var m in run.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            var work = (await run.Store.LoadWorkAsync(m.InstanceId, includeHistory: true, default))!;
            var partition = new StoredPartition(work.Instance.Record, work.History ?? [], work.Messages, work.Activities, work.Outbox);
            partitions.Add(withoutVersions ? WithoutVersions(partition) : partition);
        }

        var register = run.Register.All();
        var before = run.Notifications.All().Select(n => n.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var e in scenario.Remaining)
        {
            await run.ApplyAsync(e);
        }

        await run.RunThroughAsync(scenario.RunThrough);
        var promised = run.Notifications.All().Where(n => !before.Contains(n.Key)).Select(n => new PromisedNotification(n.Key, n.Kind, n.On)).ToList();
        var final = new List<FinalInstance>();
        await foreach (var m in run.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            var record = (await run.Store.GetInstanceAsync(m.InstanceId, default))!.Record;
            final.Add(new FinalInstance(m.InstanceId, m.Name, m.RuntimeStatus, record.Generation));
        }

        return new ReplaySnapshot(
            scenario.Name, scenario.Description, withoutVersions ? Release : VersionedRelease, now,
            [.. partitions.OrderBy(p => p.Instance.InstanceId, StringComparer.Ordinal)],
            [.. scenario.Remaining.Select(CaseEventMessage.Of)],
            Build.Date(scenario.RunThrough),
            [.. promised.OrderBy(p => p.On).ThenBy(p => p.Key, StringComparer.Ordinal)],
            [.. final.OrderBy(f => f.InstanceId, StringComparer.Ordinal)])
        {
            Register = register,
        };
    }

    /// <summary>The store as the release before versions wrote it: no version on instances, starts or children.</summary>
    static StoredPartition WithoutVersions(StoredPartition p) => p with
    {
        Instance = p.Instance with { Version = null },
        History = [.. p.History.Select(WithoutVersion)],
        Inbox = [.. p.Inbox.Select(m => m with { Event = WithoutVersion(m.Event) })],
        Outbox = [.. p.Outbox.Select(o => o with
        {
            NewInstance = o.NewInstance is null ? null : o.NewInstance with { Version = null },
            StartMessage = o.StartMessage is null ? null : o.StartMessage with { Event = WithoutVersion(o.StartMessage.Event) },
        })],
    };

    static HistoryEvent WithoutVersion(HistoryEvent e) => e switch
    {
        ExecutionStarted s => s with { Version = null },
        SubOrchestrationCreated c => c with { Version = null },
        _ => e,
    };
}
