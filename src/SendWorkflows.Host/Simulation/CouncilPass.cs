using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// The council-wide workflows (termly review lists, weekly digest, monthly report) over the year the shards ran: the real
/// orchestrators and activities on their own runtime and virtual clock, reading the register as it stood at each
/// moment (<see cref="RegisterAtClock"/>) and the notifications the shards recorded (ADR 0013), and, for the weekly
/// digest, the monitoring visits and open assessments as they stood (<see cref="MonitoringVisitsAtClock"/>,
/// <see cref="OpenAssessmentsAtClock"/>, ADR 0116).
/// </summary>
sealed class CouncilPass(SimulationOptions options, ContactsDirectory contacts)
{
    /// <summary>
    /// The shards' notifications the council workflows read: the escalations the weekly digest lists. Only these are
    /// kept in the heap for the pass (ADR 0016); a council workflow that read others would need them added here.
    /// </summary>
    public static bool Reads(Notification notification) => CouncilLists.IsEscalation(notification);

    /// <summary>
    /// Runs the council workflows over the whole period; returns what they recorded, in the contract's order, and any
    /// that failed. They read nothing of each other (the digest reads only the shards' escalations, never a council
    /// notification), so they run in two groups at once, each on its own runtime, clock and views (ADR 0109): the weekly
    /// digest, and the monthly report with the termly lists.
    /// </summary>
    /// <param name="outcomes">Every outcome the shards recorded, by date then key (the monthly report reads them).</param>
    public async Task<(IReadOnlyList<Notification> Notifications, IReadOnlyList<string> FailedWorkflows)> RunAsync(
        IReadOnlyList<ShardResult> shards, IReadOnlyList<RecordedOutcome> outcomes, CancellationToken cancellationToken)
    {
        var recorded = new ShardRecords(shards, outcomes);
        var groups = await Task.WhenAll(
            Task.Run(() => RunAsync(recorded, [Digest], cancellationToken), cancellationToken),
            Task.Run(() => RunAsync(recorded, [MonthlyReport, TermlyLists], cancellationToken), cancellationToken));
        var notifications = OrderedMerge.Merge(
            [.. groups.Select(g => g.Notifications)],
            Comparer<Notification>.Create(static (a, b) => ContractNotification.Compare(a.On, a.Key, b.On, b.Key)));
        return ([.. notifications], [.. groups.SelectMany(g => g.FailedWorkflows)]);
    }

    /// <summary>
    /// What the shards recorded, arranged once for both groups and only read by them: each group replays the timed
    /// writes into views of its own, at its own clock.
    /// </summary>
    sealed class ShardRecords
    {
        public ShardRecords(IReadOnlyList<ShardResult> shards, IReadOnlyList<RecordedOutcome> outcomes)
        {
            ForCouncil = [.. shards.SelectMany(s => s.ForCouncil)];
            ForCouncilByDay = ForCouncil.ToLookup(n => n.On);
            Outcomes = new CouncilOutcomes(outcomes);
            Register = new(shards.SelectMany(s => s.RegisterWrites));
            MonitoringVisits = new(shards.SelectMany(s => s.MonitoringVisitWrites));
            OpenAssessments = new(shards.SelectMany(s => s.AssessmentIndexWrites));
        }

        /// <summary>The shards' notifications the council reads (<see cref="Reads"/>), shard by shard.</summary>
        public IReadOnlyList<Notification> ForCouncil { get; }

        /// <summary>The same by date: the digest reads a week of them, never the whole log.</summary>
        public ILookup<DateOnly, Notification> ForCouncilByDay { get; }

        /// <summary>The monthly report's outcomes: its figures count each limit as of its send date.</summary>
        public CouncilOutcomes Outcomes { get; }

        public WritesInTimeOrder<RegisteredPlan> Register { get; }

        public WritesInTimeOrder<MonitoringVisitEntry> MonitoringVisits { get; }

        public WritesInTimeOrder<AssessmentIndexWrite> OpenAssessments { get; }
    }

    static readonly CouncilWorkflow Digest = Named(WeeklyDigestOrchestrator.InstanceId);
    static readonly CouncilWorkflow TermlyLists = Named(TermlyReviewListOrchestrator.InstanceId);
    static readonly CouncilWorkflow MonthlyReport = Named(MonthlyReportOrchestrator.InstanceId);

    static CouncilWorkflow Named(string instanceId) => CouncilWorkflows.All.Single(w => w.InstanceId == instanceId);

    /// <summary>Runs <paramref name="workflows"/> on a runtime and clock of their own, over their own views of what the shards recorded.</summary>
    async Task<(IReadOnlyList<Notification> Notifications, IReadOnlyList<string> FailedWorkflows)> RunAsync(
        ShardRecords recorded, IReadOnlyList<CouncilWorkflow> workflows, CancellationToken cancellationToken)
    {
        var clock = new VirtualClock(WorkflowCalendar.ToUtc(options.From, TimeOnly.MinValue));
        var log = new CouncilLog(recorded.ForCouncil, recorded.ForCouncilByDay);
        var runtimeHolder = new RuntimeHolder();
        var services = new ServiceCollection()
            .AddSingleton<INotificationLog>(log)
            .AddSingleton<IOutcomeLog>(recorded.Outcomes)
            .AddSingleton<IPlanRegister>(new RegisterAtClock(clock, recorded.Register))
            .AddSingleton<IMonitoringVisitRegister>(new MonitoringVisitsAtClock(clock, recorded.MonitoringVisits))
            .AddSingleton<IOpenAssessments>(new OpenAssessmentsAtClock(clock, recorded.OpenAssessments))
            .AddSingleton<IContactsDirectorySource>(new FixedContactsDirectorySource(contacts))
            .AddSingleton(_ => runtimeHolder.Client)
            .AddSendWorkflows()
            .BuildServiceProvider();
        await using var _ = services;

        await using var runtime = new EmbeddedDurableRuntime(
            WorkflowRegistration.Register(new DurableTaskRegistry()), services, await SimulationStores.CreateAsync(options, cancellationToken), clock,
            SimulationStores.RuntimeOptions(options));
        runtimeHolder.Client = runtime.Client;

        foreach (var workflow in workflows)
        {
            await runtime.Client.ScheduleNewOrchestrationInstanceAsync(
                workflow.Orchestrator, workflow.FirstInput(options.From),
                WorkflowVersions.StartOptions(workflow.Orchestrator, workflow.InstanceId), cancellationToken);
        }

        await runtime.AdvanceToAsync(Simulator.EndOf(options.To), cancellationToken);
        return (log.Recorded(), await SimulationShard.FailedAsync(runtime.Client));
    }

    /// <summary>
    /// The notification log the council workflows see: the shards' notifications they read (<see cref="Reads"/>: the
    /// digest selects the escalations of the week before by date) and what they record themselves, which is kept apart.
    /// </summary>
    sealed class CouncilLog(IReadOnlyList<Notification> shards, ILookup<DateOnly, Notification> shardsByDay) : INotificationLog
    {
        readonly InMemoryNotificationLog own = new();

        public Task<bool> RecordAsync(Notification notification, CancellationToken cancellationToken = default) =>
            own.RecordAsync(notification, cancellationToken);

        public IAsyncEnumerable<Notification> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
            shards.Where(n => n.CaseId == caseId).Concat(own.All().Where(n => n.CaseId == caseId)).ToAsyncEnumerable();

        public IAsyncEnumerable<Notification> AllAsync(CancellationToken cancellationToken = default) =>
            shards.Concat(own.All()).ToAsyncEnumerable();

        public IAsyncEnumerable<Notification> OnDatesAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken = default)
        {
            var days = Enumerable.Range(0, Math.Max(0, until.DayNumber - from.DayNumber)).Select(from.AddDays);
            return days.SelectMany(day => shardsByDay[day]).Concat(own.OnDates(from, until))
                .OrderBy(n => n.On).ThenBy(n => n.Key, StringComparer.Ordinal).ToAsyncEnumerable();
        }

        public IReadOnlyList<Notification> Recorded() => own.All();
    }
}
