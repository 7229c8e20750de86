using SendWorkflows.Orchestration;

namespace SendWorkflows.Runtime;

sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;
}
