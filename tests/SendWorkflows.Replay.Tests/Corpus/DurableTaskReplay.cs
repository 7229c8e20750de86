using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SendWorkflows.Contract;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;
using Core = DurableTask.Core.History;

namespace SendWorkflows.Replay.Tests.Corpus;

/// <summary>
/// Replays a snapshot's histories through the real engine's code: the SDK worker's orchestration shim on
/// DurableTask.Core's <see cref="TaskOrchestrationExecutor"/>, as the Durable Task worker runs a work item. It checks
/// replay only (no activities run, nothing carries on). The embedded runtime never splits a long timer, so the
/// worker is told the same (<see cref="DurableTaskWorkerOptions.MaximumTimerInterval"/>).
/// </summary>
static class DurableTaskReplay
{
    static readonly IServiceProvider NoServices = new ServiceCollection().BuildServiceProvider();

    /// <summary>Replays every running instance's history; returns how many were replayed and the failures.</summary>
    public static (int Replayed, IReadOnlyList<string> Failures) Run(ReplaySnapshot snapshot, IReadOnlyDictionary<string, Func<ITaskOrchestrator>>? replacements = null)
    {
        var registered = WorkflowRegistration.Register(new DurableTaskRegistry(), replacements).GetOrchestrators()
            .ToDictionary(o => o.Key.Name, o => o.Value, StringComparer.OrdinalIgnoreCase);
        var shims = new DurableTaskShimFactory(
            new DurableTaskWorkerOptions { DataConverter = new JsonDataConverter(OrchestrationJson.Options), MaximumTimerInterval = TimeSpan.FromDays(36500) },
            NullLoggerFactory.Instance);
        var failures = new List<string>();
        var replayed = 0;
        foreach (var partition in snapshot.Instances.Where(p => !p.Instance.IsTerminal && p.History.Count > 0))
        {
            var name = partition.Instance.Name;
            replayed++;
            try
            {
                var state = new OrchestrationRuntimeState(partition.History.Select(e => ToCore(partition.Instance.InstanceId, e)).ToList());
                var shim = shims.CreateOrchestration(new TaskName(name), registered[name](NoServices));
                var result = new TaskOrchestrationExecutor(state, shim, BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.UseFailureDetails).Execute();
                if (result.Actions.OfType<DurableTask.Core.Command.OrchestrationCompleteOrchestratorAction>().FirstOrDefault(a => a.OrchestrationStatus == OrchestrationStatus.Failed) is { } failed)
                {
                    failures.Add(Describe(snapshot, partition, failed.FailureDetails?.ErrorMessage ?? failed.Result));
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add(Describe(snapshot, partition, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }

        return (replayed, failures);
    }

    static string Describe(ReplaySnapshot snapshot, StoredPartition partition, string? detail) =>
        $"'{snapshot.Name}': on the Durable Task worker, {partition.Instance.Name} no longer replays its released history (instance '{partition.Instance.InstanceId}'): add a version of {partition.Instance.Name} instead of changing the released one. {detail}";

    static Core.HistoryEvent ToCore(string instanceId, HistoryEvent e) => e switch
    {
        ExecutionStarted s => new Core.ExecutionStartedEvent(-1, s.Input)
        {
            Name = s.Name,
            Version = s.Version ?? string.Empty,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = "replay" },
        },
        OrchestratorStarted o => new Core.OrchestratorStartedEvent(-1) { Timestamp = o.Timestamp.UtcDateTime },
        TaskScheduled t => new Core.TaskScheduledEvent(t.TaskId) { Name = t.Name, Input = t.Input },
        TaskCompleted c => new Core.TaskCompletedEvent(-1, c.TaskId, c.Result),
        TaskFailed f => new Core.TaskFailedEvent(-1, f.TaskId, f.Failure.ErrorMessage, null, Details(f.Failure)),
        TimerCreated t => new Core.TimerCreatedEvent(t.TaskId) { FireAt = t.FireAt.UtcDateTime },
        TimerFired t => new Core.TimerFiredEvent(-1) { TimerId = t.TaskId, FireAt = t.FireAt.UtcDateTime },
        SubOrchestrationCreated s => new Core.SubOrchestrationInstanceCreatedEvent(s.TaskId) { Name = s.Name, InstanceId = s.InstanceId, Input = s.Input, Version = s.Version },
        SubOrchestrationCompleted c => new Core.SubOrchestrationInstanceCompletedEvent(-1, c.TaskId, c.Result),
        SubOrchestrationFailed f => new Core.SubOrchestrationInstanceFailedEvent(-1, f.TaskId, f.Failure.ErrorMessage, null, Details(f.Failure)),
        EventSent s => new Core.EventSentEvent(s.TaskId) { InstanceId = s.InstanceId, Name = s.Name, Input = s.Input },
        EventRaised r => new Core.EventRaisedEvent(-1, r.Input) { Name = r.Name },
        _ => throw new NotSupportedException($"A running instance's history should not hold {e.GetType().Name}."),
    };

    static FailureDetails Details(Microsoft.DurableTask.TaskFailureDetails f) => new(f.ErrorType, f.ErrorMessage, f.StackTrace, null, false);
}
