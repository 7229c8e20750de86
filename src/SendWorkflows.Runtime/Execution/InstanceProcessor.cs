using Microsoft.Extensions.Logging;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime.Execution;

/// <summary>
/// Works one due instance until it has nothing due: forwards its outbox, runs an episode over its due inbox
/// messages, runs its scheduled activities, and writes each step as one conditional commit. It keeps a local copy
/// of the partition in step with what it commits and re-reads it only after a conflict. It takes the instance up
/// without a lease of its own (ADR 0130): an episode is decided in memory and its commit is conditional on the
/// ETag, so the first commit that leaves work for later takes the lease, and only work done outside a commit
/// (activities, the outbox's forwarding) waits for one.
/// </summary>
sealed partial class InstanceProcessor(EmbeddedDurableRuntime runtime, string instanceId, StoredInstance picked)
{
    const int MaxSteps = 10_000;
    const int MaxConflicts = 20;

    readonly IOrchestrationStore store = runtime.Store;
    readonly EmbeddedRuntimeOptions options = runtime.Options;
    InstanceRecord record = picked.Record;
    string etag = picked.ETag;

    // The local copy of the partition, taken from the runtime's spares and given back when the run ends (a processor
    // runs once): RunAsync is the only way in.
    readonly PartitionCopy copy = runtime.PartitionCopies.Rent();
    Dictionary<string, InboxMessage> messages => copy.Messages;
    Dictionary<string, ActivityWorkItem> activities => copy.Activities;
    Dictionary<string, OutboxMessage> outbox => copy.Outbox;
    IReadOnlyList<HistoryEvent>? history;

    /// <summary>
    /// Activity results applied locally but not yet written: they go to the store with the episode they wake
    /// (<see cref="EmbeddedRuntimeOptions.ActivityResultsInSameStep"/>, ADR 0107).
    /// </summary>
    InstanceCommit? unwrittenResults;

    /// <summary>False once a commit gave the instance back because nothing more is due now.</summary>
    bool holding = true;

    /// <summary>
    /// Completed once the instance this processor starts (<see cref="RunNewAsync"/>) is stored with its first episode, or
    /// was found to exist already (then nothing of it was written); null for an instance taken up from the store.
    /// </summary>
    TaskCompletionSource? started;

    /// <summary>A new instance not written yet: its first commit creates the partition (ADR 0133).</summary>
    bool Unstored => etag.Length == 0;

    /// <summary>Leased to this runtime, or needing no lease because no other runtime uses the store.</summary>
    bool HoldsLease => options.ExclusiveStore || record.LeaseOwner == options.WorkerId;

    /// <summary>This runtime's to work: leased to it, or to nobody now (a lease that ran out is nobody's).</summary>
    bool Owned => HoldsLease || record.LeaseUntil is not { } until || until <= runtime.Time.GetUtcNow();

    /// <summary>Works the instance; <paramref name="loaded"/> is its partition when the caller has just read it.</summary>
    public async Task RunAsync(CancellationToken cancellation, InstanceWork? loaded = null)
    {
        try
        {
            await WorkAsync(loaded, cancellation);
        }
        catch (Exception) when (!HoldsLease && !Unstored && !cancellation.IsCancellationRequested)
        {
            await HoldOffAsync(cancellation);
            throw;
        }
        finally
        {
            runtime.PartitionCopies.Return(copy);
        }
    }

    /// <summary>
    /// Starts an instance this process creates, its start due now (ADR 0133): the first episode runs on the start
    /// message in memory and its commit creates the partition, so the instance is written once, already past its
    /// first step, instead of created, found, read and committed. If the id exists the commit fails and nothing is
    /// written or run. <paramref name="stored"/> completes once the creation is decided; the rest (activities, the
    /// outbox) is worked as usual, under the lease that commit took.
    /// </summary>
    public async Task RunNewAsync(InboxMessage start, TaskCompletionSource stored, CancellationToken cancellation)
    {
        started = stored;
        try
        {
            await RunAsync(cancellation, new InstanceWork(new StoredInstance(record, InstanceCommit.NewPartition), [start], [], [], []));
        }
        catch (Exception ex) when (stored.TrySetException(ex))
        {
            return; // not stored: the caller's start fails with it, as a failed create would
        }

        stored.TrySetResult(); // stored and worked, or the id existed
    }

    /// <summary>
    /// After a failure while holding no lease, leases the instance so that it is tried again when the lease runs out, not
    /// on the next look for work (a step that always fails would otherwise be run again and again at once).
    /// </summary>
    async Task HoldOffAsync(CancellationToken cancellation)
    {
        try
        {
            var until = runtime.Time.GetUtcNow() + options.LeaseDuration;
            await store.CommitAsync(new InstanceCommit(etag, record with { LeaseOwner = options.WorkerId, LeaseUntil = until }), cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Someone else wrote it since (it is theirs to work now), or the store fails too: the first failure is reported.
        }
    }

    async Task WorkAsync(InstanceWork? loaded, CancellationToken cancellation)
    {
        try
        {
            if (!(loaded is null ? await ReloadAsync(includeHistory: false, cancellation) : Load(loaded)))
            {
                return;
            }
        }
        catch (CorruptHistoryException ex)
        {
            // An unreadable row: fail the instance and keep the row as evidence; nothing will wake it again.
            LogInstanceFailed(runtime.Logger, instanceId, ex.Message);
            await FailAsync(TaskFailureDetails.FromException(ex), runtime.Time.GetUtcNow(), cancellation);
            return;
        }

        var conflicts = 0;
        for (var step = 0; step < MaxSteps && holding && Owned; step++)
        {
            try
            {
                if (!await StepAsync(cancellation))
                {
                    return;
                }
            }
            catch (OrchestrationConcurrencyException) when (Unstored)
            {
                return; // the id existed: nothing of this start was written, and the instance is the stored one's to work
            }
            catch (OrchestrationConcurrencyException) when (conflicts++ < MaxConflicts)
            {
                runtime.Sessions.Evict(instanceId);
                if (!await ReloadAsync(includeHistory: false, cancellation))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Does the next piece of due work; false when there was none and the lease was given back.</summary>
    async Task<bool> StepAsync(CancellationToken cancellation)
    {
        var now = runtime.Time.GetUtcNow();
        if (outbox.Count > 0)
        {
            await (HoldsLease ? ForwardOutboxAsync(now, cancellation) : LeaseAsync(now, cancellation));
            return true;
        }

        if (record.IsTerminal && (messages.Count > 0 || activities.Count > 0))
        {
            await CommitAsync(new InstanceCommit(etag, record) { RemoveMessageIds = [.. messages.Keys], RemoveActivityIds = [.. activities.Keys] }, now, cancellation);
            return true;
        }

        if (DueMessages(now) is { Count: > 0 } due)
        {
            await RunEpisodeAsync(due, now, cancellation);
            return true;
        }

        if (activities.Count > 0)
        {
            await (HoldsLease ? RunActivitiesAsync(cancellation) : LeaseAsync(now, cancellation));
            return true;
        }

        if (record.LeaseOwner is null && !options.ExclusiveStore && Exactly(record.WakeAt, PendingWork(now).NextDue))
        {
            return false; // taken up with nothing due (the look for work saw an older row): nothing held, nothing to change
        }

        await CommitAsync(new InstanceCommit(etag, record), now, cancellation, release: true);
        return false;
    }

    /// <summary>
    /// Takes the lease before working what a commit alone cannot do, left over from a runtime that stopped (crashed,
    /// or lost its lease) before it finished: activities and the outbox run under a lease, so two runtimes never both do.
    /// </summary>
    Task LeaseAsync(DateTimeOffset now, CancellationToken cancellation) => CommitAsync(new InstanceCommit(etag, record), now, cancellation);

    /// <summary>
    /// The inbox messages due at <paramref name="now"/>, oldest first, at most an episode's worth; null when none is (a
    /// step that only runs activities or gives the instance back). Usually there is one (a timer or an event), so it is
    /// found without the sorting iterators every wake used to allocate.
    /// </summary>
    List<InboxMessage>? DueMessages(DateTimeOffset now)
    {
        // The copy's list, refilled: an episode has applied the last one's messages before it asks again.
        var due = copy.Due;
        due.Clear();
        foreach (var message in messages.Values)
        {
            if (message.DueAt <= now)
            {
                due.Add(message);
            }
        }

        return due.Count == 0 ? null
            : due.Count == 1 && options.MaxMessagesPerEpisode >= 1 ? due
            : [.. due.OrderBy(m => m.DueAt).ThenBy(m => m.Sequence).Take(options.MaxMessagesPerEpisode)];
    }

    /// <summary>Whether anything is to be done now, and otherwise when the earliest inbox message falls due.</summary>
    (bool Immediate, DateTimeOffset? NextDue) PendingWork(DateTimeOffset now)
    {
        if (outbox.Count > 0 || activities.Count > 0)
        {
            return (true, null);
        }

        DateTimeOffset? next = null;
        foreach (var message in messages.Values)
        {
            if (message.DueAt <= now)
            {
                return (true, null);
            }

            if (next is not { } earliest || message.DueAt < earliest)
            {
                next = message.DueAt;
            }
        }

        return (false, next);
    }

    async Task<bool> ReloadAsync(bool includeHistory, CancellationToken cancellation)
    {
        var work = await store.LoadWorkAsync(instanceId, includeHistory, cancellation);
        return work is not null && Load(work);
    }

    /// <summary>Takes a freshly read partition as the local copy; false when it is not this runtime's to work.</summary>
    bool Load(InstanceWork work)
    {
        record = work.Instance.Record;
        etag = work.Instance.ETag;
        // Refilled in the order read, as new dictionaries would be: the order of equal-time messages depends on it.
        Refill(messages, work.Messages, static m => m.Id);
        Refill(activities, work.Activities, static a => a.Id);
        Refill(outbox, work.Outbox, static o => o.Id);
        history = work.History;
        unwrittenResults = null;
        return Owned;
    }

    static void Refill<T>(Dictionary<string, T> local, IReadOnlyList<T> read, Func<T, string> id)
    {
        local.Clear();
        for (var i = 0; i < read.Count; i++)
        {
            local.Add(id(read[i]), read[i]);
        }
    }

    async Task RunEpisodeAsync(List<InboxMessage> due, DateTimeOffset now, CancellationToken cancellation)
    {
        OrchestrationSession session;
        try
        {
            // A cached session is the common case: taken without an async state machine and its task.
            session = !Unstored && runtime.Sessions.TryGet(instanceId, record, out var cached) ? cached : await GetSessionAsync(cancellation);
        }
        catch (Exception ex) when (ex is NonDeterministicOrchestrationException or CorruptHistoryException or UnknownOrchestratorException)
        {
            LogInstanceFailed(runtime.Logger, instanceId, ex.Message);
            await FailAsync(TaskFailureDetails.FromException(ex), now, cancellation);
            return;
        }

        session.BeginEpisode(now);
        var consumed = new List<string>(due.Count);
        foreach (var message in due)
        {
            if (session.Outcome is not null)
            {
                break; // later messages belong to the next generation (ContinueAsNew) or are dropped with the instance
            }

            consumed.Add(message.Id);
            if (message.Generation is not { } generation || generation == record.Generation)
            {
                session.TryApply(message.Event with { MessageId = message.Id });
            }
        }

        var result = session.EndEpisode();
        var (commit, row) = new EpisodeCommitBuilder(record, messages, activities.Keys, now).Build(etag, session, result, consumed); // consumed is the commit's now
        try
        {
            await CommitAsync(commit, now, cancellation, row: row);
        }
        catch when (!Unstored)
        {
            runtime.Sessions.Evict(instanceId); // a new instance's session was never cached: an existing one's stays
            throw;
        }

        if (result.Outcome is null)
        {
            runtime.Sessions.Keep(instanceId, session);
        }
        else
        {
            runtime.Sessions.Evict(instanceId);
        }
    }

    async Task<OrchestrationSession> GetSessionAsync(CancellationToken cancellation)
    {
        if (!Unstored && runtime.Sessions.TryGet(instanceId, record, out var cached))
        {
            return cached;
        }

        if (record.HistoryCount == 0)
        {
            history = []; // a new instance (or generation) has no history to read: saves a partition load per start
        }

        if (history is null || history.Count != record.HistoryCount)
        {
            var work = await store.LoadWorkAsync(instanceId, includeHistory: true, cancellation)
                ?? throw new CorruptHistoryException(instanceId, "the instance disappeared while being processed.");
            if (work.Instance.ETag != etag)
            {
                throw new OrchestrationConcurrencyException(instanceId);
            }

            history = work.History!;
        }

        if (history.Count != record.HistoryCount)
        {
            throw new CorruptHistoryException(instanceId, $"the instance row counts {record.HistoryCount} events but {history.Count} were read.");
        }

        if (!runtime.Orchestrators.TryGetValue(record.Name, out var factory))
        {
            throw new UnknownOrchestratorException(record.Name);
        }

        var session = new OrchestrationSession(instanceId, record.Name, record.Generation, factory(runtime.Services), options.DefaultActivityRetryPolicy)
        {
            Parent = record.Parent is { } parent ? new ParentOrchestrationInstance(new TaskName(parent.Name ?? string.Empty), parent.InstanceId) : null,
            LoggerFactory = runtime.LoggerFactory,
            ActivityInputsByReference = options.ActivityInputsByReference,
            AuditsActivityInputs = options.ActivityInputAudit is not null,
            OrchestrationInputsByReference = options.OrchestrationInputsByReference,
            InputAudit = options.ActivityInputAudit,
        };
        session.Replay(history);
        history = null;
        return session;
    }

    async Task FailAsync(TaskFailureDetails failure, DateTimeOffset now, CancellationToken cancellation)
    {
        runtime.Sessions.Evict(instanceId);
        var failed = record with { Status = OrchestrationRuntimeStatus.Failed, Failure = failure, LastUpdatedAt = now };
        await CommitAsync(new InstanceCommit(etag, failed)
        {
            RemoveMessageIds = [.. messages.Keys],
            RemoveActivityIds = [.. activities.Keys],
            AddOutbox = EpisodeCommitBuilder.NotifyParent(failed, null, failure),
        }, now, cancellation);
    }

    async Task RunActivitiesAsync(CancellationToken cancellation)
    {
        var items = new List<ActivityWorkItem>(activities.Count);
        foreach (var item in activities.Values)
        {
            if (item.Generation == record.Generation)
            {
                items.Add(item);
            }
        }

        // Usually one activity is waiting: awaited on its own, without the Task.WhenAll machinery.
        var outputs = items.Count == 1
            ? [await runtime.ExecuteActivityAsync(instanceId, items[0], cancellation)]
            : await Task.WhenAll(items.Select(item => runtime.ExecuteActivityAsync(instanceId, item, cancellation)));
        var now = runtime.Time.GetUtcNow();
        var replies = new InboxMessage[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            replies[i] = new InboxMessage(EpisodeCommitBuilder.Id("result", items[i].Generation, items[i].TaskId), now, outputs[i], items[i].Generation);
        }

        var results = new InstanceCommit(etag, record) { RemoveActivityIds = [.. activities.Keys], AddMessages = replies };
        if (!options.ActivityResultsInSameStep || replies.Length == 0)
        {
            await CommitAsync(results, now, cancellation);
            return;
        }

        // ADR 0107: the step the results' commit would lead to (nothing else is due or waiting in the outbox, or this
        // step would not have run the activities) runs at once, and its commit carries the results with it.
        MirrorLocally(results);
        unwrittenResults = results;
        await RunEpisodeAsync(DueMessages(now)!, now, cancellation);
    }

    async Task ForwardOutboxAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        var replies = new List<InboxMessage>();
        foreach (var item in outbox.Values)
        {
            if (item.NewInstance is { } child)
            {
                if (!await store.TryCreateInstanceAsync(child, item.StartMessage!, cancellation)
                    && await store.GetInstanceAsync(child.InstanceId, cancellation) is { } existing
                    && existing.Record.Parent?.WithoutName() != child.Parent?.WithoutName()
                    && child.Parent is { } parent)
                {
                    replies.Add(new InboxMessage(EpisodeCommitBuilder.Id("child", parent.Generation, parent.TaskId), now,
                        new SubOrchestrationFailed(parent.TaskId, new TaskFailureDetails(typeof(InvalidOperationException).FullName!,
                            $"Cannot start sub-orchestration '{child.InstanceId}': an instance with that id already exists.", null, null, null)), parent.Generation));
                }
            }
            else if (!await store.DeliverAsync(item.TargetInstanceId, item.Message!, cancellation))
            {
                LogDroppedMessage(runtime.Logger, instanceId, item.TargetInstanceId);
            }

            runtime.NotifyWorkAvailable();
        }

        await CommitAsync(new InstanceCommit(etag, record) { RemoveOutboxIds = [.. outbox.Keys], AddMessages = replies }, now, cancellation);
    }

    /// <summary>
    /// Commits, mirrors the change locally, and takes or renews the lease while work is due now, or gives it back in
    /// the same commit when nothing is (so there is no release of its own: a message that arrives before this commit
    /// fails it on the ETag and is worked after a reload; one that arrives after it wakes the instance again).
    /// An episode's commit comes with its <paramref name="row"/>: the row to write is then made once, here.
    /// </summary>
    async Task CommitAsync(InstanceCommit commit, DateTimeOffset now, CancellationToken cancellation, bool release = false, EpisodeRow? row = null)
    {
        MirrorLocally(commit);
        if (unwrittenResults is { } results)
        {
            unwrittenResults = null;
            if (WithResults(results, commit) is { } merged)
            {
                commit = merged;
            }
            else
            {
                // A result this commit does not take (more messages were due than an episode applies) is written first,
                // on its own, as it was before ADR 0107: a merged commit never holds more rows than the one it replaces.
                etag = await store.CommitAsync(results, cancellation);
                commit = commit with { ETag = etag };
            }
        }

        var (immediate, nextDue) = PendingWork(now);
        var releasing = release || !immediate;
        var leased = !releasing && !options.ExclusiveStore;
        var leaseOwner = leased ? options.WorkerId : null;
        DateTimeOffset? leaseUntil = leased ? now + options.LeaseDuration : null;
        // While work is due the wake time stays where it was: any time up to now means "due", and so does any time up to
        // the end of this runtime's lease, which hides the instance from others until then anyway; a steady value spares
        // the store a new wake hint on every step. A new instance worked here from its creation wakes when the lease
        // runs out (ADR 0133): its hint is not due while its work runs here, so no look for work reads its row meanwhile.
        DateTimeOffset? wakeAt = !immediate ? nextDue
            : Unstored && leased ? leaseUntil
            : record.WakeAt is { } wake && (wake <= now || (leased && wake <= leaseUntil)) ? wake : now;
        // Records are immutable: when the wake time and lease stay as they are (most steps of an unleased shard), the
        // commit goes as it is instead of as two copies.
        var unchanged = row is null && Exactly(commit.Record.WakeAt, wakeAt) && commit.Record.LeaseOwner == leaseOwner && Exactly(commit.Record.LeaseUntil, leaseUntil);
        var next = row is { } episode ? episode.ApplyTo(commit.Record, wakeAt, leaseOwner, leaseUntil)
            : unchanged ? commit.Record
            : commit.Record with { WakeAt = wakeAt, LeaseOwner = leaseOwner, LeaseUntil = leaseUntil };

        if (Unstored)
        {
            // The partition's first write: the start message it consumed was never stored, so nothing is removed.
            commit = commit with { RemoveMessageIds = [], RemoveActivityIds = [], RemoveOutboxIds = [] };
        }

        var statusChanged = next.Status != record.Status || next.Generation != record.Generation || next.CustomStatus != record.CustomStatus;
        etag = await store.CommitAsync(unchanged ? commit : commit with { Record = next }, cancellation);
        record = next;
        holding = !releasing;
        started?.TrySetResult();
        if (statusChanged)
        {
            runtime.NotifyInstanceChanged();
        }
    }

    /// <summary>Applies a commit to the local copy of the partition.</summary>
    void MirrorLocally(InstanceCommit commit)
    {
        // Index loops: a foreach over an IReadOnlyList allocates an enumerator, and this runs on every commit.
        for (var i = 0; i < commit.RemoveMessageIds.Count; i++)
        {
            messages.Remove(commit.RemoveMessageIds[i]);
        }

        for (var i = 0; i < commit.RemoveActivityIds.Count; i++)
        {
            activities.Remove(commit.RemoveActivityIds[i]);
        }

        for (var i = 0; i < commit.RemoveOutboxIds.Count; i++)
        {
            outbox.Remove(commit.RemoveOutboxIds[i]);
        }

        for (var i = 0; i < commit.AddMessages.Count; i++)
        {
            var m = commit.AddMessages[i];
            messages[m.Id] = m;
        }

        for (var i = 0; i < commit.AddActivities.Count; i++)
        {
            var a = commit.AddActivities[i];
            activities[a.Id] = a;
        }

        for (var i = 0; i < commit.AddOutbox.Count; i++)
        {
            var o = commit.AddOutbox[i];
            outbox[o.Id] = o;
        }
    }

    /// <summary>
    /// One commit with the effect of writing <paramref name="results"/> and then <paramref name="commit"/>, when
    /// <paramref name="commit"/> removes every result (the episode consumed them, or a new generation dropped them): the
    /// results are then never written, nor deleted (a table batch fails on a row that is not there), and the commit
    /// holds as many rows as the episode's alone, an activity's delete in place of each result's. Null when a result
    /// would stay in the inbox.
    /// </summary>
    static InstanceCommit? WithResults(InstanceCommit results, InstanceCommit commit)
    {
        for (var i = 0; i < results.AddMessages.Count; i++)
        {
            if (!Contains(commit.RemoveMessageIds, results.AddMessages[i].Id))
            {
                return null;
            }
        }

        var removeMessages = new List<string>(commit.RemoveMessageIds.Count);
        for (var i = 0; i < commit.RemoveMessageIds.Count; i++)
        {
            if (!IsResult(results, commit.RemoveMessageIds[i]))
            {
                removeMessages.Add(commit.RemoveMessageIds[i]);
            }
        }

        // Usually the episode removes no activity: nothing to copy.
        return commit with
        {
            RemoveMessageIds = removeMessages,
            RemoveActivityIds = commit.RemoveActivityIds.Count == 0 ? results.RemoveActivityIds : [.. results.RemoveActivityIds, .. commit.RemoveActivityIds],
        };
    }

    static bool IsResult(InstanceCommit results, string messageId)
    {
        for (var i = 0; i < results.AddMessages.Count; i++)
        {
            if (string.Equals(results.AddMessages[i].Id, messageId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    static bool Contains(IReadOnlyList<string> ids, string id)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.Equals(ids[i], id, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same instant and offset (== on DateTimeOffset ignores the offset, which a stored record keeps).</summary>
    static bool Exactly(DateTimeOffset? a, DateTimeOffset? b) => a is { } x ? b is { } y && x.EqualsExact(y) : b is null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Orchestration instance {InstanceId} failed: {Reason}")]
    static partial void LogInstanceFailed(ILogger logger, string instanceId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Instance {InstanceId} sent a message to {TargetInstanceId}, which does not exist; dropped.")]
    static partial void LogDroppedMessage(ILogger logger, string instanceId, string targetInstanceId);
}

/// <summary>No orchestrator is registered under the name an instance was started with.</summary>
public sealed class UnknownOrchestratorException(string name)
    : Exception($"No orchestrator named '{name}' is registered with this runtime.")
{
}
