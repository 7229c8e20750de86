using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;
using SendWorkflows.Runtime.Execution;

namespace SendWorkflows.Runtime;

/// <summary>
/// Runs the orchestrators and activities of a <see cref="DurableTaskRegistry"/> against a store: in real time on background workers
/// (<see cref="StartAsync"/>), or step by step under a test or simulation's control (<see cref="RunUntilIdleAsync"/>,
/// <see cref="AdvanceToAsync"/> with a <see cref="VirtualClock"/>).
/// </summary>
public sealed partial class EmbeddedDurableRuntime : IAsyncDisposable
{
    readonly SemaphoreSlim activitySlots;
    readonly Lock signalGate = new();
    TaskCompletionSource workAvailable = NewSignal();
    TaskCompletionSource instanceChanged = NewSignal();

    // Instances this runtime is processing now (background worker or a caller's step), so it never runs one twice at
    // once: a virtual clock moved past its own lease would otherwise make the instance look free to itself.
    readonly ConcurrentDictionary<string, byte> inFlight = new(StringComparer.Ordinal);
    int inFlightCount;
    int waitingForInFlight;

    // Made only when someone waits for the steps in progress to end: most steps end unwatched, and a new signal each
    // time the count fell to zero was a task allocated per wake.
    TaskCompletionSource? inFlightDrained;
    CancellationTokenSource? stopping;
    Task? loop;

    // Instances started here with their first episode (ADR 0133) whose remaining work runs beside the worker, at most
    // InstanceConcurrency at once; StopAsync cancels and awaits them.
    readonly SemaphoreSlim startSlots;
    readonly ConcurrentDictionary<Task, byte> starts = new();
    CancellationTokenSource startsStopping = new();
    static readonly AsyncLocal<bool> InActivity = new();

    public EmbeddedDurableRuntime(
        DurableTaskRegistry registry,
        IServiceProvider services,
        IOrchestrationStore store,
        TimeProvider timeProvider,
        EmbeddedRuntimeOptions? options = null,
        ILoggerFactory? loggerFactory = null)
    {
        Orchestrators = registry.GetOrchestrators().ToDictionary(t => t.Key.Name, t => t.Value, StringComparer.OrdinalIgnoreCase);
        Activities = registry.GetActivities().ToDictionary(t => t.Key.Name, t => t.Value, StringComparer.OrdinalIgnoreCase);
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Services = services;
        Store = store;
        Time = timeProvider;
        Options = options ?? new EmbeddedRuntimeOptions();
        Logger = LoggerFactory.CreateLogger<EmbeddedDurableRuntime>();
        Sessions = new SessionCache(Options.MaxCachedSessions);
        PartitionCopies = new PartitionCopyPool(2 * Options.InstanceConcurrency + 2); // the worker's and the starts' processors
        activitySlots = new SemaphoreSlim(Options.ActivityConcurrency);
        startSlots = new SemaphoreSlim(Options.InstanceConcurrency);
        Client = new EmbeddedDurableTaskClient(this);
    }

    /// <summary>A <see cref="DurableTaskClient"/> over this runtime's store.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>The registry's orchestrators and activities by name; names are case-insensitive, as in Durable Task.</summary>
    internal IReadOnlyDictionary<string, Func<IServiceProvider, ITaskOrchestrator>> Orchestrators { get; }
    internal IReadOnlyDictionary<string, Func<IServiceProvider, ITaskActivity>> Activities { get; }
    internal ILoggerFactory LoggerFactory { get; }
    internal IServiceProvider Services { get; }
    internal IOrchestrationStore Store { get; }
    internal TimeProvider Time { get; }

    /// <summary>What this runtime was configured with (a host shows or checks it).</summary>
    public EmbeddedRuntimeOptions Options { get; }

    internal ILogger Logger { get; }
    internal SessionCache Sessions { get; }

    /// <summary>Cleared local partition copies for the next instance processors.</summary>
    internal PartitionCopyPool PartitionCopies { get; }

    /// <summary>Completes the next time any instance's status, generation or custom status is committed here.</summary>
    internal Task InstanceChanged
    {
        get
        {
            lock (signalGate)
            {
                return instanceChanged.Task;
            }
        }
    }

    public Task StartAsync(CancellationToken ct)
    {
        if (loop is not null)
        {
            throw new InvalidOperationException("The runtime is already started.");
        }

        stopping = new CancellationTokenSource();
        loop = Task.Run(() => RunBackgroundAsync(stopping.Token), ct);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await StopStartsAsync(ct);
        if (loop is null || stopping is null)
        {
            return;
        }

        await stopping.CancelAsync();
        try
        {
            await loop.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        stopping.Dispose();
        loop = null;
        stopping = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        Sessions.Clear();
        activitySlots.Dispose();
        startSlots.Dispose();
        startsStopping.Dispose();
    }

    /// <summary>Cancels the work of instances started here with their first episode and waits for it to end.</summary>
    async Task StopStartsAsync(CancellationToken ct)
    {
        if (starts.IsEmpty)
        {
            return;
        }

        var stoppingStarts = startsStopping;
        startsStopping = new CancellationTokenSource();
        await stoppingStarts.CancelAsync();
        await Task.WhenAll(starts.Keys).WaitAsync(ct);
        stoppingStarts.Dispose();
    }

    /// <summary>
    /// Starts a new instance due now with its first episode (<see cref="EmbeddedRuntimeOptions.FirstEpisodeAtStart"/>,
    /// ADR 0133): returns once it is stored (or found to exist already), and works what that episode left (activities,
    /// the outbox) beside the worker. False when this start is to be created as usual: the option is off, the start is
    /// not due yet, or it comes from an activity (which might otherwise wait for a slot its own instance holds).
    /// </summary>
    internal async Task<bool> TryStartWithFirstEpisodeAsync(InstanceRecord record, InboxMessage start, CancellationToken ct)
    {
        if (!Options.FirstEpisodeAtStart || Options.ExclusiveStore || start.DueAt > Time.GetUtcNow() || InActivity.Value)
        {
            return false;
        }

        await startSlots.WaitAsync(ct);
        if (!TryEnter(record.InstanceId))
        {
            startSlots.Release();
            return false; // this runtime is working an instance of that id: it exists, and the usual create says so
        }

        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var token = startsStopping.Token;
        var work = Task.Run(() => WorkStartAsync(record with { WakeAt = start.DueAt }, start, stored, token), CancellationToken.None);
        starts.TryAdd(work, 0);
        _ = work.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), starts, TaskScheduler.Default);
        await stored.Task.WaitAsync(ct);
        return true;
    }

    async Task WorkStartAsync(InstanceRecord record, InboxMessage start, TaskCompletionSource stored, CancellationToken ct)
    {
        try
        {
            await new InstanceProcessor(this, record.InstanceId, new StoredInstance(record, InstanceCommit.NewPartition)).RunNewAsync(start, stored, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogInstanceError(Logger, ex, record.InstanceId); // stored, then failed: retried when its lease expires, as on the worker
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            stored.TrySetResult();
            Leave(record.InstanceId);
            startSlots.Release();
        }
    }

    /// <summary>Runs every ready orchestration step and activity now, without moving the clock, until nothing is ready.</summary>
    public async Task RunUntilIdleAsync(CancellationToken ct = default)
    {
        while (true)
        {
            while (await RunDueBatchAsync(isolateFailures: false, ct))
            {
            }

            // The background worker may be in the middle of a step that makes more work: idle means it has finished.
            var drained = InFlightDrained;
            if (drained.IsCompleted)
            {
                return;
            }

            Interlocked.Increment(ref waitingForInFlight);
            try
            {
                await drained.WaitAsync(ct);
            }
            finally
            {
                Interlocked.Decrement(ref waitingForInFlight);
            }
        }
    }

    /// <summary>How many callers are waiting for this runtime's own steps in progress to end (for tests of that wait).</summary>
    internal int WaitingForInFlight => Volatile.Read(ref waitingForInFlight);

    /// <summary>Completes when none of this runtime's steps is in progress (a caller checks again: one may start at once).</summary>
    Task InFlightDrained
    {
        get
        {
            lock (signalGate)
            {
                return Volatile.Read(ref inFlightCount) == 0 ? Task.CompletedTask : (inFlightDrained ??= NewSignal()).Task;
            }
        }
    }

    /// <summary>
    /// Processes one batch of due instances; false when none was due. The background worker isolates failures
    /// (an instance that throws keeps its lease until it expires, so it is retried later and does not starve the
    /// others); <see cref="RunUntilIdleAsync"/> lets them reach its caller.
    /// </summary>
    async Task<bool> RunDueBatchAsync(bool isolateFailures, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var found = await Store.FindDueInstancesAsync(Time.GetUtcNow(), Options.DueBatchSize, ct);
        var due = found.Count == 0 || Volatile.Read(ref inFlightCount) == 0 ? found : [.. found.Where(id => !inFlight.ContainsKey(id))];
        if (due.Count == 0)
        {
            return false;
        }

        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Options.InstanceConcurrency, CancellationToken = ct },
            async (instanceId, token) =>
            {
                try
                {
                    await ProcessInstanceAsync(instanceId, token);
                }
                catch (Exception ex) when (isolateFailures && !token.IsCancellationRequested)
                {
                    LogInstanceError(Logger, ex, instanceId);
                }
            });
        return true;
    }

    /// <summary>
    /// Requires a <see cref="VirtualClock"/>: runs until idle, jumps the clock to the next due timer (no later than
    /// <paramref name="until"/>), and repeats; ends idle with the clock at <paramref name="until"/>.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset until, CancellationToken ct = default)
    {
        if (Time is not VirtualClock clock)
        {
            throw new InvalidOperationException($"AdvanceToAsync needs the runtime to run on a {nameof(VirtualClock)}, not {Time.GetType().Name}.");
        }

        while (true)
        {
            await RunUntilIdleAsync(ct);
            var next = await Store.GetNextWakeAsync(ct);
            if (next is not { } wake || wake > until)
            {
                break;
            }

            if (wake > clock.GetUtcNow())
            {
                clock.AdvanceTo(wake);
            }
            else
            {
                await Task.Yield(); // due but leased by another runtime: let it finish
            }
        }

        if (until > clock.GetUtcNow())
        {
            clock.AdvanceTo(until);
        }
    }

    async Task ProcessInstanceAsync(string instanceId, CancellationToken ct)
    {
        if (!TryEnter(instanceId))
        {
            return; // this runtime is already running it (its lease may have expired on a virtual clock meanwhile)
        }

        try
        {
            await ProcessDueInstanceAsync(instanceId, ct);
        }
        finally
        {
            Leave(instanceId);
        }
    }

    /// <summary>Marks the instance as in progress here; false when it already is.</summary>
    bool TryEnter(string instanceId)
    {
        if (!inFlight.TryAdd(instanceId, 0))
        {
            return false;
        }

        Interlocked.Increment(ref inFlightCount);
        return true;
    }

    void Leave(string instanceId)
    {
        inFlight.TryRemove(instanceId, out _);
        if (Interlocked.Decrement(ref inFlightCount) == 0)
        {
            TaskCompletionSource? drained;
            lock (signalGate)
            {
                drained = inFlightDrained;
                inFlightDrained = null;
            }

            drained?.SetResult();
        }
    }

    async Task ProcessDueInstanceAsync(string instanceId, CancellationToken ct)
    {
        if (Options.ExclusiveStore)
        {
            // Nobody else writes this store and no lease is taken: the row and its partition are read in one go.
            var work = await Store.LoadWorkAsync(instanceId, includeHistory: false, ct);
            if (work?.Instance.Record.EffectiveWakeAt is { } due && due <= Time.GetUtcNow())
            {
                await new InstanceProcessor(this, instanceId, work.Instance).RunAsync(ct, work);
            }

            return;
        }

        var stored = await Store.GetDueInstanceAsync(instanceId, ct);
        if (stored?.Record.EffectiveWakeAt is not { } wake || wake > Time.GetUtcNow())
        {
            return;
        }

        // No lease is written first (ADR 0130): the processor's first commit takes it if work is left for later, under
        // the ETag its load read, so a runtime that got there first fails that commit and this one stops.
        await new InstanceProcessor(this, instanceId, stored).RunAsync(ct);
    }

    internal async Task<HistoryEvent> ExecuteActivityAsync(string instanceId, ActivityWorkItem item, CancellationToken ct)
    {
        await activitySlots.WaitAsync(ct);
        try
        {
            if (!Activities.TryGetValue(item.Name, out var factory))
            {
                return new TaskFailed(item.TaskId, new TaskFailureDetails(
                    typeof(InvalidOperationException).FullName!, $"No activity named '{item.Name}' is registered with this runtime.", null, null, null));
            }

            var activity = factory(Services);
            // By reference only when the object is exactly what a JSON copy would be read as (ADR 0017).
            var byReference = item.InputValue is { } value && value.GetType() == activity.InputType;
            var input = byReference
                ? item.InputValue
                : OrchestrationJson.Deserialize(item.Input ?? (item.InputValue is { } other ? OrchestrationJson.Serialize(other) : null), activity.InputType);
            var audit = byReference ? Options.ActivityInputAudit : null;
            var atStart = audit?.BeforeRun(item.Name, instanceId, input!, item.Input!, activity.InputType);
            InActivity.Value = true; // flows into the activity only, and ends with this method
            var output = await activity.RunAsync(new ActivityContext(new TaskName(item.Name), instanceId), input);
            audit?.AfterRun(item.Name, instanceId, input!, atStart!);

            return new TaskCompleted(item.TaskId, OrchestrationJson.Serialize(output));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // the runtime is going away: no result is recorded, the activity runs again later
        }
        catch (Exception ex)
        {
            LogActivityFailed(Logger, ex, item.Name, instanceId);
            return new TaskFailed(item.TaskId, TaskFailureDetails.FromException(ex));
        }
        finally
        {
            activitySlots.Release();
        }
    }

    async Task RunBackgroundAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Task signal;
            lock (signalGate)
            {
                signal = workAvailable.Task;
            }

            TimeSpan wait;
            var measuredAt = Time.GetUtcNow();
            try
            {
                // One store query per round while there is work; the next-wake query only when idle.
                if (await RunDueBatchAsync(isolateFailures: true, ct))
                {
                    continue;
                }

                var next = await Store.GetNextWakeAsync(ct);
                measuredAt = Time.GetUtcNow();
                var untilNext = next is { } wake ? wake - measuredAt : Options.PollInterval;
                wait = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext > Options.PollInterval ? Options.PollInterval : untilNext;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                LogWorkerError(Logger, ex);
                wait = Options.PollInterval;
            }

            if (wait <= TimeSpan.Zero && Volatile.Read(ref inFlightCount) > 0)
            {
                // What is due is this runtime's own step still running (a caller's, on a clock moved past its lease).
                await Task.WhenAny(InFlightDrained, signal).WaitAsync(ct).ConfigureAwait(false);
            }
            else if (wait > TimeSpan.Zero)
            {
                var delay = Task.Delay(wait, Time, ct);
                // A clock moved in jumps (a FakeTimeProvider in tests) may pass the whole wait before the delay is
                // registered; that delay would then count from the new time and never fire.
                if (Time.GetUtcNow() - measuredAt < wait)
                {
                    await Task.WhenAny(delay, signal).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Wakes the real-time workers early: something was scheduled or delivered in this process.</summary>
    internal void NotifyWorkAvailable()
    {
        TaskCompletionSource signalled;
        lock (signalGate)
        {
            signalled = workAvailable;
            workAvailable = NewSignal();
        }

        signalled.SetResult();
    }

    internal void NotifyInstanceChanged()
    {
        TaskCompletionSource changed;
        lock (signalGate)
        {
            changed = instanceChanged;
            instanceChanged = NewSignal();
        }

        changed.SetResult();
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity {ActivityName} of instance {InstanceId} failed")]
    static partial void LogActivityFailed(ILogger logger, Exception exception, string activityName, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing instance {InstanceId} failed; it is retried when its lease expires")]
    static partial void LogInstanceError(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The runtime's background worker failed; retrying after the poll interval")]
    static partial void LogWorkerError(ILogger logger, Exception exception);
}
