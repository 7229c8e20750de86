namespace SendWorkflows.Orchestration;

/// <summary>Untyped view of an orchestrator, used by hosts to run it; as in <c>Microsoft.DurableTask.ITaskOrchestrator</c>.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>One class per orchestrator, with typed input and output, as in the durabletask-dotnet samples.</summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    Type ITaskOrchestrator.OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}

/// <summary>What an activity knows about its invocation, as in <c>Microsoft.DurableTask.TaskActivityContext</c>.</summary>
public abstract class TaskActivityContext
{
    public abstract TaskName Name { get; }

    /// <summary>The orchestration instance that scheduled this activity.</summary>
    public abstract string InstanceId { get; }
}

/// <summary>Untyped view of an activity, as in <c>Microsoft.DurableTask.ITaskActivity</c>.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Type OutputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// An activity: the only place a workflow does I/O. Activities run at least once, so each must be idempotent
/// (keyed writes, an outbox for e-mail).
/// </summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    Type ITaskActivity.OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}
