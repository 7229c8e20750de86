using SendWorkflows.Orchestration;

namespace SendWorkflows.Runtime.Execution;

/// <summary>The port's orchestration context, backed by an <see cref="OrchestrationSession"/>.</summary>
sealed class SessionContext(OrchestrationSession session) : TaskOrchestrationContext
{
    public override TaskName Name => session.Name;

    public override string InstanceId => session.InstanceId;

    public override DateTime CurrentUtcDateTime => session.CurrentUtcDateTime;

    public override bool IsReplaying => session.IsReplaying;

    public override T? GetInput<T>() where T : default => session.GetInput<T>();

    public override Task<T> CallActivityAsync<T>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        var serialized = OrchestrationJson.Serialize(input);
        return WithRetry(
            options?.Retry?.Policy ?? session.DefaultRetryPolicy,
            _ => session.Schedule<T>(ActionKind.Activity, name.Name, id => new TaskScheduled(id, name.Name, serialized)));
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        session.CreateTimer(fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        session.WaitForEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        var serialized = OrchestrationJson.Serialize(payload);
        _ = session.Schedule<object?>(ActionKind.SendEvent, eventName, id => new EventSent(id, instanceId, eventName, serialized));
    }

    public override void SetCustomStatus(object? customStatus) => session.SetCustomStatus(customStatus);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(
        TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        var serialized = OrchestrationJson.Serialize(input);
        var chosenId = (options as SubOrchestrationOptions)?.InstanceId;
        return WithRetry(options?.Retry?.Policy, attempt =>
        {
            // A retry needs a fresh instance: the failed child keeps its id and its history.
            var baseId = chosenId ?? FormattableString.Invariant($"{session.InstanceId}:{session.PeekNextTaskId():D4}");
            var childId = attempt == 1 ? baseId : FormattableString.Invariant($"{baseId}:retry{attempt}");
            return session.Schedule<TResult>(ActionKind.SubOrchestration, orchestratorName.Name,
                id => new SubOrchestrationCreated(id, orchestratorName.Name, childId, serialized));
        });
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        session.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => session.NewGuid();

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
                var delay = policy.DelayBeforeRetry(number);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime + delay - firstAttemptAt > policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(delay, CancellationToken.None);
            }
        }
    }
}
