using Durable = Microsoft.DurableTask;
using Port = SendWorkflows.Orchestration;

namespace SendWorkflows.Functions.Adapters;

/// <summary>Shows an activity of ours the real activity context it runs under.</summary>
public sealed class PortActivityContext(Durable.TaskActivityContext inner) : Port.TaskActivityContext
{
    public Durable.TaskActivityContext Inner { get; } = inner;

    public override Port.TaskName Name => new(Inner.Name.Name);

    public override string InstanceId => Inner.InstanceId;
}

/// <summary>
/// The real activity context of a Functions activity trigger, which binds only the input: the name is the function's
/// and the instance id comes from the trigger's binding data (as in the Durable Task source generator).
/// </summary>
public sealed class FunctionActivityContext(Durable.TaskName name, string instanceId) : Durable.TaskActivityContext
{
    public override Durable.TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
