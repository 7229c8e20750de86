using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SendWorkflows.Contract;

namespace SendWorkflows.Runtime.Execution;

/// <summary>
/// The embedded runtime's <see cref="TaskOrchestrationContext"/>, backed by an <see cref="OrchestrationSession"/>.
/// Orchestration versions work as in the SDK: <see cref="Version"/> is the version the generation started on,
/// <see cref="SubOrchestrationOptions.Version"/> starts a child on a version and
/// <see cref="ContinueAsNewOptions.NewVersion"/> moves the next generation to one (ADR 0007).
/// Not supported (they throw <see cref="NotSupportedException"/>): retry handlers (<see cref="TaskRetryOptions.Handler"/>;
/// retry policies work), durable entities (<see cref="TaskOrchestrationContext.Entities"/>, the SDK's default) and
/// activity versions (<see cref="TaskOptions.Version"/> on an activity call). Tags are ignored.
/// </summary>
sealed class SessionContext(OrchestrationSession session) : TaskOrchestrationContext
{
    public override TaskName Name => new(session.Name);

    public override string InstanceId => session.InstanceId;

    public override ParentOrchestrationInstance? Parent => session.Parent;

    public override DateTime CurrentUtcDateTime => session.CurrentUtcDateTime;

    public override bool IsReplaying => session.IsReplaying;

    public override string Version => session.Version;

    protected override ILoggerFactory LoggerFactory => session.LoggerFactory ?? NullLoggerFactory.Instance;

    public override T? GetInput<T>() where T : default => session.GetInput<T>();

    public override Task<T> CallActivityAsync<T>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        if (options?.Version is { } version && !string.IsNullOrEmpty(version.Version))
        {
            throw new NotSupportedException("The embedded runtime does not run versioned activities (TaskOptions.Version on an activity call).");
        }

        // By reference (ADR 0017) the activity gets this object, so no JSON of it is written unless it is audited.
        var byReference = session.ActivityInputsByReference && input is not null;
        var serialized = byReference && !session.AuditsActivityInputs ? null : OrchestrationJson.Serialize(input);
        return WithRetry(
            RetryPolicyOf(options) ?? session.DefaultRetryPolicy,
            _ => session.Schedule<T>(ActionKind.Activity, name.Name, id => new TaskScheduled(id, name.Name, serialized), byReference ? input : null));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        session.CreateTimer(fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        session.WaitForEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        var (serialized, handedOver) = session.Payload(payload);
        _ = session.Schedule<object?>(ActionKind.SendEvent, eventName, id => new EventSent(id, instanceId, eventName, serialized) { InputValue = handedOver });
    }

    public override void SetCustomStatus(object? customStatus) => session.SetCustomStatus(customStatus);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(
        TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var (serialized, handedOver) = session.Payload(input);
        var chosenId = (options as SubOrchestrationOptions)?.InstanceId;
        var version = options?.Version is { } asked && !string.IsNullOrEmpty(asked.Version) ? asked.Version : null;
        return WithRetry(RetryPolicyOf(options), attempt =>
        {
            // A retry needs a fresh instance: the failed child keeps its id and its history.
            var baseId = chosenId ?? FormattableString.Invariant($"{session.InstanceId}:{session.PeekNextTaskId():D4}");
            var childId = attempt == 1 ? baseId : FormattableString.Invariant($"{baseId}:retry{attempt}");
            return session.Schedule<TResult>(ActionKind.SubOrchestration, orchestratorName.Name,
                id => new SubOrchestrationCreated(id, orchestratorName.Name, childId, serialized) { Version = version, InputValue = handedOver });
        });
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        session.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override void ContinueAsNew(ContinueAsNewOptions options) =>
        session.ContinueAsNew(options.NewInput, options.PreserveUnprocessedEvents, options.NewVersion);

    public override Guid NewGuid() => session.NewGuid();

    static RetryPolicy? RetryPolicyOf(TaskOptions? options)
    {
        return options?.Retry switch
        {
            null => null,
            { Policy: { } policy } => policy,
            _ => throw new NotSupportedException("The embedded runtime supports retry policies, not retry handlers (TaskRetryOptions.Handler)."),
        };
    }

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 = the first retry), as Durable Task computes it.</summary>
    internal static TimeSpan DelayBeforeRetry(RetryPolicy policy, int attempt)
    {
        var ticks = policy.FirstRetryInterval.Ticks * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, policy.MaxRetryInterval.Ticks));
    }

    /// <summary>Retries are orchestrator logic: each attempt and each back-off timer is in the history.</summary>
    async Task<T> WithRetry<T>(RetryPolicy? policy, Func<int, Task<T>> attempt)
    {
        if (policy is null)
        {
            return await attempt(1);
        }

        var firstAttemptAt = CurrentUtcDateTime;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number);
            }
            catch (TaskFailedException) when (number < policy.MaxNumberOfAttempts)
            {
                var delay = DelayBeforeRetry(policy, number);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime + delay - firstAttemptAt > policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(delay, CancellationToken.None);
            }
        }
    }
}
