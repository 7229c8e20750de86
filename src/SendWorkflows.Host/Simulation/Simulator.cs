using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Host.Simulation;

/// <summary>Everything a simulation recorded, in the contract's deterministic orders.</summary>
public sealed record SimulationResult(
    IReadOnlyList<Notification> Notifications,
    IReadOnlyList<RecordedOutcome> Outcomes,
    IReadOnlyList<RejectedEvent> Rejected,
    KpiReport Kpis,
    int PlansLoaded,
    int EventsApplied,
    IReadOnlyList<string> FailedWorkflows,
    IReadOnlyList<RegisterEntry>? Register = null);

/// <summary>
/// Runs the real workflows on the embedded runtime with a virtual clock: loads every plan on <c>--from</c>, starts
/// the council-wide jobs, applies each event at the start of its date, and lets the clock run to the end of <c>--to</c>.
/// </summary>
public sealed class Simulator(SimulationOptions options)
{
    const string Source = "events";

    public async Task<SimulationResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var inputs = SimulationInputs.Read(options);
        var rejected = new InMemoryRejectedEventStore();
        foreach (var rejection in inputs.Rejected)
        {
            await rejected.RecordAsync(rejection, cancellationToken);
        }

        var notifications = new InMemoryNotificationLog();
        var outcomes = new InMemoryOutcomeLog();
        var register = new InMemoryPlanRegister();
        var runtimeHolder = new RuntimeHolder();
        var services = new ServiceCollection()
            .AddSingleton<INotificationLog>(notifications)
            .AddSingleton<IOutcomeLog>(outcomes)
            .AddSingleton<IRejectedEventStore>(rejected)
            .AddSingleton<IPlanRegister>(register)
            .AddSingleton<IContactsDirectorySource>(new FixedContactsDirectorySource(inputs.Contacts))
            .AddSingleton(_ => runtimeHolder.Client)
            .AddSendWorkflows()
            .BuildServiceProvider();
        await using var _ = services;

        var clock = new VirtualClock(WorkflowCalendar.ToUtc(options.From, TimeOnly.MinValue));
        await using var runtime = new EmbeddedDurableRuntime(
            WorkflowRegistration.Register(new DurableTaskRegistry()), services, await SimulationStores.CreateAsync(options, cancellationToken), clock,
            SimulationStores.RuntimeOptions(options));
        runtimeHolder.Client = runtime.Client;

        var loader = services.GetRequiredService<CaseloadLoader>();
        foreach (var plan in inputs.Plans)
        {
            await loader.StartAsync(plan, options.From, cancellationToken);
        }

        await runtime.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(TermlyReviewListOrchestrator), new TermlyReviewListInput(options.From.AddDays(-1)),
            WorkflowVersions.StartOptions(nameof(TermlyReviewListOrchestrator), TermlyReviewListOrchestrator.InstanceId), cancellationToken);
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WeeklyDigestOrchestrator), WeeklyDigestInput.FirstOnOrAfter(options.From),
            WorkflowVersions.StartOptions(nameof(WeeklyDigestOrchestrator), WeeklyDigestOrchestrator.InstanceId), cancellationToken);
        await runtime.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(MonthlyReportOrchestrator), MonthlyReportInput.For(options.From),
            WorkflowVersions.StartOptions(nameof(MonthlyReportOrchestrator), MonthlyReportOrchestrator.InstanceId), cancellationToken);

        var dispatcher = services.GetRequiredService<CaseEventDispatcher>();
        var applied = 0;
        foreach (var day in inputs.Events.GroupBy(e => e.On).OrderBy(g => g.Key))
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

        await runtime.AdvanceToAsync(WorkflowCalendar.ToUtc(options.To.AddDays(1), TimeOnly.MinValue).AddTicks(-1), cancellationToken);

        var outcomeList = outcomes.All();
        var kpis = Kpis.Compute(
            options.From, options.To,
            outcomeList.Select(o => o.Assessment).OfType<AssessmentOutcome>(),
            outcomeList.Select(o => o.Review).OfType<ReviewOutcome>(),
            register.All().Select(p => p.Entry),
            options.To);
        return new SimulationResult(
            notifications.All(), outcomeList, rejected.All(), kpis, inputs.Plans.Count, applied, await FailedAsync(runtime.Client),
            [.. register.All().Select(p => p.Entry)]);
    }

    /// <summary>Workflow instances that failed (a bug, never an input problem): named with their error so nothing fails quietly.</summary>
    static async Task<IReadOnlyList<string>> FailedAsync(DurableTaskClient client)
    {
        var failed = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Failed])))
        {
            failed.Add($"{instance.InstanceId}: {instance.FailureDetails?.ErrorMessage}");
        }

        return [.. failed.Order(StringComparer.Ordinal)];
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
}
