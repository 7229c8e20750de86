namespace SendWorkflows.Runtime;

/// <summary>
/// A client call named an instance that does not exist, e.g. a case event for a case that never started a workflow.
/// Callers catch this to reject the input rather than lose it.
/// </summary>
public sealed class OrchestrationInstanceNotFoundException(string instanceId, string operation)
    : InvalidOperationException($"{operation}: no orchestration instance with id '{instanceId}' exists.")
{
    public string InstanceId { get; } = instanceId;
}
