using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime;

sealed class ActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name => name;

    public override string InstanceId => instanceId;
}
