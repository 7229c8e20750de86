using Durable = Microsoft.DurableTask;
using Port = SendWorkflows.Orchestration;

namespace SendWorkflows.Functions.Adapters;

/// <summary>
/// Runs a workflow written against our port on the real Durable Task context: every port member forwards to the
/// member of the same name, so replay, timers and events are Durable Functions' own. The translations are of option
/// and failure types, which exist twice (ours and Microsoft.DurableTask's), and of a cancelled event wait (ADR 0056).
/// </summary>
public sealed class PortOrchestrationContext(Durable.TaskOrchestrationContext inner) : Port.TaskOrchestrationContext
{
    readonly ExternalEventWaits events = new(inner);

    public Durable.TaskOrchestrationContext Inner { get; } = inner;

    public override Port.TaskName Name => new(Inner.Name.Name);

    public override string InstanceId => Inner.InstanceId;

    public override DateTime CurrentUtcDateTime => Inner.CurrentUtcDateTime;

    public override bool IsReplaying => Inner.IsReplaying;

    public override T? GetInput<T>() where T : default => Inner.GetInput<T>();

    public override Task CallActivityAsync(Port.TaskName name, object? input = null, Port.TaskOptions? options = null) =>
        DurableTranslation.RethrowAsPort(Inner.CallActivityAsync(name.Name, input, options.ToDurable()));

    public override Task<T> CallActivityAsync<T>(Port.TaskName name, object? input = null, Port.TaskOptions? options = null) =>
        DurableTranslation.RethrowAsPort(Inner.CallActivityAsync<T>(name.Name, input, options.ToDurable()));

    public override Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) => Inner.CreateTimer(delay, cancellationToken);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => Inner.CreateTimer(fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        events.WaitAsync<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) => Inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => Inner.SetCustomStatus(customStatus);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(
        Port.TaskName orchestratorName, object? input = null, Port.TaskOptions? options = null) =>
        DurableTranslation.RethrowAsPort(Inner.CallSubOrchestratorAsync<TResult>(orchestratorName.Name, input, options.ToDurable()));

    public override Task CallSubOrchestratorAsync(Port.TaskName orchestratorName, object? input = null, Port.TaskOptions? options = null) =>
        DurableTranslation.RethrowAsPort(Inner.CallSubOrchestratorAsync(orchestratorName.Name, input, options.ToDurable()));

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        Inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => Inner.NewGuid();
}
