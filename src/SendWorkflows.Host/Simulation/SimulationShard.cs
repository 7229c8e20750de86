using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Host.Simulation;

/// <summary>Some of a caseload's cases (plans and requests, with every event of those cases), run as one year on their own.</summary>
sealed record ShardInputs(int Number, IReadOnlyList<PlanRecord> Plans, IReadOnlyList<CaseEvent> Events);

/// <summary>
/// What one shard recorded: its cases' notifications (in memory or spilled to a file, ADR 0016) and, apart, the ones
/// the council pass reads (<see cref="CouncilPass.Reads"/>), outcomes and rejections, the register as it ended, and every
/// register write with its time, which the council pass reads the register at any moment from (ADR 0013); likewise
/// the monitoring-visit register's writes and the open-assessments index's, which the weekly digest reads (ADR 0116).
/// </summary>
sealed record ShardResult(
    NotificationRun Notifications,
    IReadOnlyList<Notification> ForCouncil,
    IReadOnlyList<RecordedOutcome> Outcomes,
    IReadOnlyList<RejectedEvent> Rejected,
    IReadOnlyList<RegisteredPlan> Register,
    IReadOnlyList<TimedWrite<RegisteredPlan>> RegisterWrites,
    int EventsApplied,
    IReadOnlyList<string> FailedWorkflows,
    IReadOnlyList<MonitoringVisitEntry> MonitoringVisits,
    IReadOnlyList<TimedWrite<MonitoringVisitEntry>> MonitoringVisitWrites,
    IReadOnlyList<TimedWrite<AssessmentIndexWrite>> AssessmentIndexWrites);

/// <summary>
/// Runs the case workflows of one shard on the embedded runtime with a virtual clock: loads every plan on
/// <c>--from</c>, applies each event at the start of its date, and lets the clock run to the end of <c>--to</c>.
/// The council-wide workflows are not here: they run once for all shards in <see cref="CouncilPass"/>.
/// </summary>
sealed class SimulationShard(SimulationOptions options, ContactsDirectory contacts)
{
    const string Source = "events";

    public async Task<ShardResult> RunAsync(ShardInputs shard, CancellationToken cancellationToken)
    {
        var clock = new VirtualClock(WorkflowCalendar.ToUtc(options.From, TimeOnly.MinValue));
        var rejected = new InMemoryRejectedEventStore();
        var notifications = new ShardNotificationLog();
        var outcomes = new InMemoryOutcomeLog();
        var register = new TimedPlanRegister(clock);
        var monitoringVisits = new TimedMonitoringVisitRegister(clock);
        var openAssessments = new TimedOpenAssessments(clock);
        var runtimeHolder = new RuntimeHolder();
        var services = new ServiceCollection()
            .AddSingleton<INotificationLog>(notifications)
            .AddSingleton<IOutcomeLog>(outcomes)
            .AddSingleton<IRejectedEventStore>(rejected)
            .AddSingleton<IPlanRegister>(register)
            .AddSingleton<IMonitoringVisitRegister>(monitoringVisits)
            .AddSingleton<IOpenAssessments>(openAssessments)
            .AddSingleton<IContactsDirectorySource>(new FixedContactsDirectorySource(contacts))
            .AddSingleton(_ => runtimeHolder.Client)
            .AddSendWorkflows()
            .BuildServiceProvider();
        await using var _ = services;

        await using var runtime = new EmbeddedDurableRuntime(
            WorkflowRegistration.Register(new DurableTaskRegistry()), services, await SimulationStores.CreateAsync(options, cancellationToken), clock,
            SimulationStores.RuntimeOptions(options));
        runtimeHolder.Client = runtime.Client;

        var loader = services.GetRequiredService<CaseloadLoader>();
        foreach (var plan in shard.Plans)
        {
            await loader.StartAsync(plan, options.From, cancellationToken);
        }

        var dispatcher = services.GetRequiredService<CaseEventDispatcher>();
        var applied = 0;
        foreach (var day in shard.Events.GroupBy(e => e.On).OrderBy(g => g.Key))
        {
            // An event is applied on its own date (contract section 5): one outside the period cannot be, and moving it
            // would date its notifications before --from.
            if (day.Key < options.From || day.Key > options.To)
            {
                var why = day.Key < options.From
                    ? $"dated before the simulated period (--from {options.From:yyyy-MM-dd})"
                    : $"dated after the simulated period (--to {options.To:yyyy-MM-dd})";
                foreach (var outside in day)
                {
                    await rejected.RecordAsync(new RejectedEvent(Source, why, outside.Id, outside.CaseId, outside.Type, outside.On), cancellationToken);
                }

                continue;
            }

            await runtime.AdvanceToAsync(WorkflowCalendar.ToUtc(day.Key, WorkflowCalendar.EventTime), cancellationToken);
            foreach (var e in day)
            {
                await dispatcher.DispatchAsync(e, cancellationToken);
                applied++;
            }

            await runtime.RunUntilIdleAsync(cancellationToken);
        }

        await runtime.AdvanceToAsync(Simulator.EndOf(options.To), cancellationToken);
        var recorded = notifications.All();
        return new ShardResult(
            Run(shard.Number, recorded), [.. recorded.Where(CouncilPass.Reads)],
            outcomes.All(), rejected.All(), register.All(), register.Writes, applied, await FailedAsync(runtime.Client),
            monitoringVisits.All(), monitoringVisits.Writes, openAssessments.Writes);
    }

    /// <summary>The shard's notifications for the merge: written to a file when the run spills (ADR 0016), else kept as they are.</summary>
    NotificationRun Run(int number, IReadOnlyList<Notification> inOrder) => options.SpillDirectory is { } directory
        ? SpilledNotificationRun.Write(Path.Combine(directory, $"shard-{number:D5}.notifications"), inOrder)
        : new InMemoryNotificationRun(inOrder);

    /// <summary>Workflow instances that failed (a bug, never an input problem): named with their error so nothing fails quietly.</summary>
    public static async Task<IReadOnlyList<string>> FailedAsync(DurableTaskClient client)
    {
        var failed = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Failed])))
        {
            failed.Add($"{instance.InstanceId}: {instance.FailureDetails?.ErrorMessage}");
        }

        return failed;
    }
}

/// <summary>The client exists only once the runtime does, which needs the service provider first.</summary>
sealed class RuntimeHolder
{
    public DurableTaskClient Client
    {
        get => field ?? throw new InvalidOperationException("The runtime has not been created yet.");
        set;
    }
}
