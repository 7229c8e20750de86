using FakeItEasy;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Notifications;

namespace SendWorkflows.Workflows.Tests.Support;

/// <summary>
/// A FakeItEasy fake of <see cref="TaskOrchestrationContext"/> that plays a script, the way Durable Functions users
/// unit-test orchestrators: timers fire at once (moving the fake clock) unless a scripted event comes first; every
/// activity succeeds and its input is kept for assertions.
/// </summary>
sealed class ScriptedContext
{
    readonly Queue<(DateTime At, string Name, object Payload)> script = new();
    readonly List<(string Name, object? Input)> activities = [];
    Action<object>? deliver;
    string? waitingFor;

    public ScriptedContext(string instanceId, DateOnly startOn)
    {
        Now = WorkflowCalendar.ToUtc(startOn, new TimeOnly(0, 0));
        Context = A.Fake<TaskOrchestrationContext>();
        A.CallTo(() => Context.InstanceId).Returns(instanceId);
        A.CallTo(() => Context.CurrentUtcDateTime).ReturnsLazily(() => Now);
        A.CallTo(() => Context.WaitForExternalEvent<CaseEventMessage>(A<string>._, A<CancellationToken>._))
            .ReturnsLazily((string name, CancellationToken _) => Wait<CaseEventMessage>(name));
        A.CallTo(() => Context.WaitForExternalEvent<AdviceSignal>(A<string>._, A<CancellationToken>._))
            .ReturnsLazily((string name, CancellationToken _) => Wait<AdviceSignal>(name));
        A.CallTo(() => Context.CreateTimer(A<DateTime>._, A<CancellationToken>._))
            .ReturnsLazily((DateTime fireAt, CancellationToken _) => Timer(fireAt));
        A.CallTo(() => Context.CallActivityAsync<bool>(A<TaskName>._, A<object?>._, A<TaskOptions?>._))
            .ReturnsLazily((TaskName name, object? input, TaskOptions? _) => Activity(name, input, true));
        A.CallTo(() => Context.CallActivityAsync<ContactRole>(A<TaskName>._, A<object?>._, A<TaskOptions?>._))
            .ReturnsLazily((TaskName name, object? input, TaskOptions? _) => Activity(name, input, ContactRole.Health));
        A.CallTo(() => Context.CallSubOrchestratorAsync<AdviceOutcome>(A<TaskName>._, A<object?>._, A<TaskOptions?>._))
            .ReturnsLazily((TaskName name, object? input, TaskOptions? _) =>
                Task.FromResult(new AdviceOutcome("sub", ContactRole.Health, default, default, null, LimitStatus.Pending, null)));
    }

    public TaskOrchestrationContext Context { get; }

    public DateTime Now { get; private set; }

    public DateOnly Today => WorkflowCalendar.UkDate(Now);

    public IReadOnlyList<(string Name, object? Input)> Activities => activities;

    public IReadOnlyList<NotificationRequest> Notifications =>
        [.. activities.Where(a => a.Name == nameof(RecordNotificationActivity)).Select(a => (NotificationRequest)a.Input!)];

    public IReadOnlyList<RejectedEvent> Rejections =>
        [.. activities.Where(a => a.Name == nameof(RecordRejectedEventActivity)).Select(a => (RejectedEvent)a.Input!)];

    /// <summary>Delivers a case event at the start of <paramref name="e"/>'s date.</summary>
    public ScriptedContext Then(CaseEventMessage e) =>
        Then(WorkflowCalendar.ToUtc(e.On, WorkflowCalendar.EventTime), EventNames.CaseEvent, e);

    public ScriptedContext Then(DateTime at, string name, object payload)
    {
        script.Enqueue((at, name, payload));
        return this;
    }

    Task<T> Wait<T>(string name)
    {
        var waiting = new TaskCompletionSource<T>();
        deliver = payload => waiting.SetResult((T)payload);
        waitingFor = name;
        return waiting.Task;
    }

    /// <summary>
    /// Starts the orchestrator with no synchronization context, so it runs inline until it waits for something the
    /// script does not hold; the returned task completes only if the orchestration ends.
    /// </summary>
    public Task<T> Run<T>(Func<TaskOrchestrationContext, Task<T>> orchestrator)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var run = orchestrator(Context);

            // Quiet now: waiting for an event with no timer running. Hand it the rest of the script, in order.
            while (!run.IsCompleted && deliver is not null && script.TryDequeue(out var next))
            {
                Now = next.At > Now ? next.At : Now;
                Deliver(next.Payload);
            }

            return run;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    Task Timer(DateTime fireAt)
    {
        if (script.TryPeek(out var next) && next.At <= fireAt && string.Equals(next.Name, waitingFor, StringComparison.OrdinalIgnoreCase))
        {
            script.Dequeue();
            Now = next.At > Now ? next.At : Now;
            Deliver(next.Payload);
            return new TaskCompletionSource().Task;
        }

        Now = fireAt > Now ? fireAt : Now;
        return Task.CompletedTask;
    }

    Task<T> Activity<T>(TaskName name, object? input, T result)
    {
        activities.Add((name.Name, input));
        return Task.FromResult(result);
    }

    void Deliver(object payload)
    {
        var complete = deliver!;
        deliver = null;
        complete(payload);
    }
}
