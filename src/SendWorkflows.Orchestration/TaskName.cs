namespace SendWorkflows.Orchestration;

/// <summary>The name of an orchestrator or activity, as in <c>Microsoft.DurableTask.TaskName</c>.</summary>
public readonly record struct TaskName(string Name)
{
    public static implicit operator TaskName(string name) => new(name);

    public override string ToString() => Name;
}
