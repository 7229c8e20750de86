using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

public sealed record EmbeddedRuntimeOptions
{
    /// <summary>How many activities run at once across all instances.</summary>
    public int ActivityConcurrency { get; init; } = 32;

    /// <summary>How many instances are processed at once. 1 makes a simulation's side effects fully ordered.</summary>
    public int InstanceConcurrency { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>
    /// Applied to activities called without <see cref="TaskOptions.Retry"/>; null means one attempt, so the
    /// orchestrator sees the first failure as a <see cref="TaskFailedException"/>.
    /// </summary>
    public RetryPolicy? DefaultActivityRetryPolicy { get; init; }

    /// <summary>Real-time mode: the longest a worker waits before asking the store for due work again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an instance stays owned by the runtime processing it if that runtime dies.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Names this runtime in leases; two runtimes on one store must differ.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Inbox messages applied in one episode (keeps each commit well inside a table batch).</summary>
    public int MaxMessagesPerEpisode { get; init; } = 40;

    /// <summary>How many instances' orchestrator objects are kept in memory between episodes (0: replay every episode).</summary>
    public int MaxCachedSessions { get; init; } = 20_000;

    /// <summary>
    /// No other runtime uses this store (a simulation shard's in-memory store): instances are processed without
    /// taking a lease, which only keeps two runtimes apart. Never set it on a store two processes share.
    /// </summary>
    public bool ExclusiveStore { get; init; }

    /// <summary>
    /// Hands an activity the object its orchestrator passed instead of a JSON copy, when its type is exactly the
    /// activity's input type (ADR 0017): the history and work item then hold no JSON of it. Only for a store no other
    /// process reads and whose histories keep no activity inputs (a simulation shard's, <see cref="HistoryRetention.ReplayOnly"/>),
    /// and only for workflows whose activity inputs are immutable and survive a JSON round trip unchanged.
    /// </summary>
    public bool ActivityInputsByReference { get; init; }

    /// <summary>
    /// With <see cref="ActivityInputsByReference"/>, checks every input handed over by reference against what the JSON
    /// copy would have been (a test aid, ADR 0017); null checks nothing.
    /// </summary>
    public ActivityInputAudit? ActivityInputAudit { get; init; }

    /// <summary>
    /// Hands a started, continued-as-new or child orchestration the object its starter passed, and a waiting orchestration
    /// the payload of an event raised through the client or sent by another orchestration, instead of reading them back
    /// from their JSON, when the object's type is exactly the one asked for (ADR 0136). Their JSON is written only when
    /// something reads it (a status query, a history or table write, another type asked for; ADR 0141). The same
    /// conditions as <see cref="ActivityInputsByReference"/>; <see cref="ActivityInputAudit"/> checks these inputs too.
    /// </summary>
    public bool OrchestrationInputsByReference { get; init; }

    /// <summary>
    /// Feeds activity results straight into the episode they wake and writes both in that episode's commit, instead of
    /// first committing the results to the inbox (ADR 0107, on every store since ADR 0130): a commit fewer per activity,
    /// the same history. A result the episode does not take is still written first, so no commit grows. False only to
    /// compare with the two commits.
    /// </summary>
    public bool ActivityResultsInSameStep { get; init; } = true;

    /// <summary>
    /// An instance this runtime's client starts, due now, runs its first episode at once and is written with it in one
    /// commit that creates it (ADR 0133), instead of being created, found, read and committed by the worker. Its
    /// activities and outbox then run here under the lease that commit took, at most <see cref="InstanceConcurrency"/>
    /// such starts at once (a start waits for one to end; one made from inside an activity is created as usual). Not
    /// with <see cref="ExclusiveStore"/>, whose runtime keeps its own path.
    /// </summary>
    public bool FirstEpisodeAtStart { get; init; }

    /// <summary>How many due instances one store query returns.</summary>
    public int DueBatchSize { get; init; } = 512;
}
