using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

/// <summary>
/// The embedded runtime's <see cref="DurableTaskClient"/>, writing straight to the runtime's store. Where it differs
/// from the SDK's clients: starting an instance id that already exists is a no-op returning the id (never a restart
/// or an error), and suspend, resume, restart, rewind, history and entities are not supported.
/// </summary>
sealed class EmbeddedDurableTaskClient(EmbeddedDurableRuntime runtime) : DurableTaskClient("embedded")
{
    IOrchestrationStore Store => runtime.Store;

    /// <summary>The value as JSON, or as the object handed over instead (ADR 0136, 0141).</summary>
    (string? Json, object? HandedOver) Payload(object? value) =>
        ByReference.Payload(value, runtime.Options.OrchestrationInputsByReference, runtime.Options.ActivityInputAudit);

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (!runtime.Orchestrators.ContainsKey(orchestratorName.Name))
        {
            throw new ArgumentException($"No orchestrator named '{orchestratorName}' is registered with this runtime.", nameof(orchestratorName));
        }

        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var now = runtime.Time.GetUtcNow();
        var (serialized, handedOver) = Payload(input);
        var version = string.IsNullOrEmpty(options?.Version) ? null : options.Version;
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = orchestratorName.Name,
            Version = version,
            Input = serialized,
            InputValue = handedOver,
            CreatedAt = now,
            LastUpdatedAt = now,
        };
        var start = new InboxMessage("start|0", options?.StartAt ?? now, new ExecutionStarted(orchestratorName.Name, serialized) { Version = version, InputValue = handedOver }, 0);
        if (!await runtime.TryStartWithFirstEpisodeAsync(record, start, cancellation))
        {
            await Store.TryCreateInstanceAsync(record, start, cancellation);
            runtime.NotifyWorkAvailable();
        }

        return instanceId;
    }

    public override async Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        var (serialized, handedOver) = Payload(eventPayload);
        var message = new InboxMessage($"event|client|{Guid.NewGuid():N}", runtime.Time.GetUtcNow(),
            new EventRaised(eventName, serialized) { InputValue = handedOver });
        if (!await Store.DeliverAsync(instanceId, message, cancellation))
        {
            throw new OrchestrationInstanceNotFoundException(instanceId, $"Cannot raise event '{eventName}'");
        }

        runtime.NotifyWorkAvailable();
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        (await Store.GetInstanceAsync(instanceId, cancellation))?.Record.ToMetadata(getInputsAndOutputs);

    /// <summary>One page holding every match: the stores stream their rows already.</summary>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var query = filter ?? new OrchestrationQuery();
        return Pageable.Create(async (string? _, CancellationToken cancellation) =>
        {
            var all = new List<OrchestrationMetadata>();
            await foreach (var record in Store.QueryInstancesAsync(query, cancellation))
            {
                all.Add(record.ToMetadata(query.FetchInputsAndOutputs));
            }

            return new Page<OrchestrationMetadata>(all);
        });
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitUntilAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, "Cannot wait for start", cancellation);

    /// <summary>
    /// Wakes on every status change this runtime commits, and re-reads the store at the poll interval for changes
    /// made by other processes.
    /// </summary>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitUntilAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, "Cannot wait for completion", cancellation);

    static readonly TimeSpan MaxRealTimeWait = TimeSpan.FromSeconds(1);

    async Task<OrchestrationMetadata> WaitUntilAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, string operation, CancellationToken cancellation)
    {
        while (true)
        {
            var changed = runtime.InstanceChanged;
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation)
                ?? throw new OrchestrationInstanceNotFoundException(instanceId, operation);
            if (done(metadata))
            {
                return metadata;
            }

            // Real time, so at most a second: a host running a fast demo clock stretches PollInterval with it.
            var wait = runtime.Options.PollInterval < MaxRealTimeWait ? runtime.Options.PollInterval : MaxRealTimeWait;
            await Task.WhenAny(changed, Task.Delay(wait, TimeProvider.System, cancellation));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Terminates one instance; <see cref="TerminateInstanceOptions.Recursive"/> is not supported.</summary>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("The embedded runtime does not terminate sub-orchestrations recursively.");
        }

        var message = new InboxMessage($"terminate|{Guid.NewGuid():N}", runtime.Time.GetUtcNow(),
            new ExecutionTerminated(OrchestrationJson.Serialize(options?.Output)));
        if (!await Store.DeliverAsync(instanceId, message, cancellation))
        {
            throw new OrchestrationInstanceNotFoundException(instanceId, "Cannot terminate");
        }

        runtime.NotifyWorkAvailable();
    }

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException("The embedded runtime does not suspend instances.");

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException("The embedded runtime does not suspend instances.");

    /// <summary>Purges a finished instance; a running one is left alone (count 0), as in Durable Task.</summary>
    public override async Task<PurgeResult> PurgeInstanceAsync(
        string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var stored = await Store.GetInstanceAsync(instanceId, cancellation);
        if (stored is null || !stored.Record.IsTerminal)
        {
            return new PurgeResult(0);
        }

        return new PurgeResult(await Store.PurgeInstanceAsync(instanceId, cancellation) ? 1 : 0);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
