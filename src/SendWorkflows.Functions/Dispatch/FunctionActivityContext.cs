using Microsoft.DurableTask;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// The activity context of a Functions activity trigger, which binds only the input: the name is the function's
/// and the instance id comes from the trigger's binding data (as in the Durable Task source generator's output).
/// </summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
