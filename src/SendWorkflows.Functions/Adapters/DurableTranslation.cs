using Durable = Microsoft.DurableTask;
using Port = SendWorkflows.Orchestration;

namespace SendWorkflows.Functions.Adapters;

/// <summary>Translates the types that exist on both sides of the adapter: task options and task failures.</summary>
public static class DurableTranslation
{
    public static Durable.TaskOptions? ToDurable(this Port.TaskOptions? options) => options switch
    {
        null => null,
        Port.SubOrchestrationOptions sub => new Durable.SubOrchestrationOptions(sub.Retry.ToDurable(), sub.InstanceId),
        _ => new Durable.TaskOptions(options.Retry.ToDurable()),
    };

    public static Durable.TaskRetryOptions? ToDurable(this Port.TaskRetryOptions? retry) =>
        retry is null ? null : new Durable.TaskRetryOptions(retry.Policy.ToDurable());

    public static Durable.RetryPolicy ToDurable(this Port.RetryPolicy policy) => new(
        policy.MaxNumberOfAttempts,
        policy.FirstRetryInterval,
        policy.BackoffCoefficient,
        policy.MaxRetryInterval,
        policy.RetryTimeout);

    public static Port.TaskFailureDetails ToPort(this Durable.TaskFailureDetails details) =>
        new(details.ErrorType, details.ErrorMessage, details.StackTrace);

    public static Port.TaskFailedException ToPort(this Durable.TaskFailedException exception) =>
        new(exception.TaskName, exception.TaskId, exception.FailureDetails.ToPort());

    /// <summary>Workflows catch our <see cref="Port.TaskFailedException"/>, so a failed task must surface as one.</summary>
    public static async Task RethrowAsPort(Task task)
    {
        try
        {
            await task;
        }
        catch (Durable.TaskFailedException failure)
        {
            throw failure.ToPort();
        }
    }

    public static async Task<T> RethrowAsPort<T>(Task<T> task)
    {
        try
        {
            return await task;
        }
        catch (Durable.TaskFailedException failure)
        {
            throw failure.ToPort();
        }
    }
}
