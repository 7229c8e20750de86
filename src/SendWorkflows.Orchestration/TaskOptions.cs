namespace SendWorkflows.Orchestration;

/// <summary>Retry policy for an activity or sub-orchestration, as in <c>Microsoft.DurableTask.RetryPolicy</c>.</summary>
public sealed class RetryPolicy
{
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }
    public TimeSpan FirstRetryInterval { get; }
    public double BackoffCoefficient { get; }
    public TimeSpan MaxRetryInterval { get; }
    public TimeSpan RetryTimeout { get; }

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 = the first retry).</summary>
    public TimeSpan DelayBeforeRetry(int attempt)
    {
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, MaxRetryInterval.Ticks));
    }
}

/// <summary>As in <c>Microsoft.DurableTask.TaskRetryOptions</c>.</summary>
public sealed class TaskRetryOptions(RetryPolicy policy)
{
    public RetryPolicy Policy { get; } = policy;

    public static implicit operator TaskRetryOptions(RetryPolicy policy) => new(policy);
}

/// <summary>As in <c>Microsoft.DurableTask.TaskOptions</c>.</summary>
public record TaskOptions(TaskRetryOptions? Retry = null)
{
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);

    public SubOrchestrationOptions WithInstanceId(string instanceId) => new(Retry, instanceId);
}

/// <summary>As in <c>Microsoft.DurableTask.SubOrchestrationOptions</c>: carries the child's instance id.</summary>
public record SubOrchestrationOptions(TaskRetryOptions? Retry = null, string? InstanceId = null) : TaskOptions(Retry);

/// <summary>As in <c>Microsoft.DurableTask.Client.StartOrchestrationOptions</c>.</summary>
public record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);
