using System.Runtime.CompilerServices;
using SendWorkflows.Orchestration;

namespace SendWorkflows.Runtime;

/// <summary>The port's client, writing straight to the runtime's store.</summary>
sealed class EmbeddedDurableTaskClient(EmbeddedDurableRuntime runtime) : DurableTaskClient
{
    IOrchestrationStore Store => runtime.Store;

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (!runtime.Registry.Orchestrators.ContainsKey(orchestratorName.Name))
        {
            throw new ArgumentException($"No orchestrator named '{orchestratorName}' is registered with this runtime.", nameof(orchestratorName));
        }

        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var now = runtime.Time.GetUtcNow();
        var serialized = OrchestrationJson.Serialize(input);
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = orchestratorName.Name,
            Input = serialized,
            CreatedAt = now,
            LastUpdatedAt = now,
        };
        var start = new InboxMessage("start|0", options?.StartAt ?? now, new ExecutionStarted(orchestratorName.Name, serialized), 0);
        await Store.TryCreateInstanceAsync(record, start, cancellation);
        runtime.NotifyWorkAvailable();
        return instanceId;
    }

    public override async Task RaiseEventAsync(
        string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        var message = new InboxMessage($"event|client|{Guid.NewGuid():N}", runtime.Time.GetUtcNow(),
            new EventRaised(eventName, OrchestrationJson.Serialize(eventPayload)));
        if (!await Store.DeliverAsync(instanceId, message, cancellation))
        {
            throw new OrchestrationInstanceNotFoundException(instanceId, $"Cannot raise event '{eventName}'");
        }

        runtime.NotifyWorkAvailable();
    }

    public override async Task<OrchestrationMetadata?> GetInstanceAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        (await Store.GetInstanceAsync(instanceId, cancellation))?.Record.ToMetadata(getInputsAndOutputs);

    public override async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var query = filter ?? new OrchestrationQuery();
        await foreach (var record in Store.QueryInstancesAsync(query, CancellationToken.None))
        {
            yield return record.ToMetadata(query.FetchInputsAndOutputs);
        }
    }

    /// <summary>
    /// Wakes on every status change this runtime commits, and re-reads the store at the poll interval for changes
    /// made by other processes.
    /// </summary>
    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            var changed = runtime.InstanceChanged;
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation)
                ?? throw new OrchestrationInstanceNotFoundException(instanceId, "Cannot wait for completion");
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.WhenAny(changed, Task.Delay(runtime.Options.PollInterval, TimeProvider.System, cancellation));
            cancellation.ThrowIfCancellationRequested();
        }
    }

    public override async Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default)
    {
        var message = new InboxMessage($"terminate|{Guid.NewGuid():N}", runtime.Time.GetUtcNow(),
            new ExecutionTerminated(OrchestrationJson.Serialize(output)));
        if (!await Store.DeliverAsync(instanceId, message, cancellation))
        {
            throw new OrchestrationInstanceNotFoundException(instanceId, "Cannot terminate");
        }

        runtime.NotifyWorkAvailable();
    }

    /// <summary>Purges a finished instance; a running one is left alone (count 0), as in Durable Task.</summary>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
    {
        var stored = await Store.GetInstanceAsync(instanceId, cancellation);
        if (stored is null || !stored.Record.IsTerminal)
        {
            return new PurgeResult(0);
        }

        return new PurgeResult(await Store.PurgeInstanceAsync(instanceId, cancellation) ? 1 : 0);
    }
}
