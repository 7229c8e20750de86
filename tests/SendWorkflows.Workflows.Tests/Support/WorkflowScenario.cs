using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Workflows.Tests.Support;

/// <summary>
/// Whole cases through the embedded runtime on a virtual clock: the real orchestrators, activities, dispatcher and
/// in-memory ports, with events applied at the start of their date as the simulator does.
/// </summary>
sealed class WorkflowScenario : IAsyncDisposable
{
    readonly ServiceProvider services;

    WorkflowScenario(
        DateTimeOffset start, ContactsDirectory contacts, IOrchestrationStore? store = null,
        IReadOnlyDictionary<string, Func<ITaskOrchestrator>>? replacements = null)
    {
        Clock = new VirtualClock(start);
        Store = store ?? new InMemoryOrchestrationStore();
        DurableTaskClient? client = null;
        services = new ServiceCollection()
            .AddSingleton<INotificationLog>(Notifications)
            .AddSingleton<IOutcomeLog>(Outcomes)
            .AddSingleton<IRejectedEventStore>(Rejected)
            .AddSingleton<IPlanRegister>(Register)
            .AddSingleton<IMonitoringVisitRegister>(MonitoringVisits)
            .AddSingleton<IOpenAssessments>(OpenAssessments)
            .AddSingleton<IContactsDirectorySource>(new FixedContactsDirectorySource(contacts))
            .AddSingleton(_ => client!)
            .AddSingleton<TimeProvider>(Clock)
            .AddSendWorkflows()
            .BuildServiceProvider();
        Runtime = new EmbeddedDurableRuntime(
            WorkflowRegistration.Register(new DurableTaskRegistry(), replacements), services, Store, Clock);
        client = Runtime.Client;
    }

    public InMemoryNotificationLog Notifications { get; } = new();
    public InMemoryOutcomeLog Outcomes { get; } = new();
    public InMemoryRejectedEventStore Rejected { get; } = new();
    public InMemoryPlanRegister Register { get; } = new();
    public InMemoryMonitoringVisitRegister MonitoringVisits { get; } = new();
    public InMemoryOpenAssessments OpenAssessments { get; } = new();
    public VirtualClock Clock { get; }
    public EmbeddedDurableRuntime Runtime { get; }
    public DurableTaskClient Client => Runtime.Client;

    public IOrchestrationStore Store { get; }

    public static WorkflowScenario Starting(string date) => new(WorkflowCalendar.ToUtc(Build.Date(date), TimeOnly.MinValue), Build.Contacts());

    /// <summary>A scenario whose contacts directory is <paramref name="contacts"/> (a placements officer, say).</summary>
    public static WorkflowScenario Starting(string date, ContactsDirectory contacts) => new(WorkflowCalendar.ToUtc(Build.Date(date), TimeOnly.MinValue), contacts);

    /// <summary>A scenario over an existing store (a replay-corpus snapshot) at <paramref name="now"/>, optionally with orchestrators swapped for tests.</summary>
    public static WorkflowScenario Resuming(
        DateTimeOffset now, IOrchestrationStore store, IReadOnlyDictionary<string, Func<ITaskOrchestrator>>? replacements = null) =>
        new(now, Build.Contacts(), store, replacements);

    public DateOnly Today => WorkflowCalendar.UkDate(Clock.GetUtcNow().UtcDateTime);

    /// <summary>Loads one caseload row as at today.</summary>
    public async Task LoadAsync(PlanRecord row)
    {
        await services.GetRequiredService<CaseloadLoader>().StartAsync(row, Today);
        await Runtime.RunUntilIdleAsync();
    }

    /// <summary>
    /// Loads a caseload file's rows as at today, as a first load or a re-load does, and returns what became of each;
    /// with <paramref name="runUntilIdle"/> false the workflows have not yet taken the changes in.
    /// </summary>
    public async Task<IReadOnlyList<PlanLoad>> LoadCaseloadAsync(IEnumerable<PlanRecord> rows, bool runUntilIdle = true)
    {
        var loader = services.GetRequiredService<CaseloadLoader>();
        var loads = new List<PlanLoad>();
        foreach (var row in rows)
        {
            loads.Add(await loader.LoadAsync(row, Today));
        }

        if (runUntilIdle)
        {
            await Runtime.RunUntilIdleAsync();
        }

        return loads;
    }

    /// <summary>Moves to the start of the event's date (firing every timer before it), then dispatches it.</summary>
    public async Task<DispatchResult> ApplyAsync(CaseEvent e)
    {
        await Runtime.AdvanceToAsync(WorkflowCalendar.ToUtc(e.On, WorkflowCalendar.EventTime));
        var result = await services.GetRequiredService<CaseEventDispatcher>().DispatchAsync(e);
        await Runtime.RunUntilIdleAsync();
        return result;
    }

    /// <summary>Lets time run to the end of <paramref name="date"/>.</summary>
    public Task RunThroughAsync(string date) =>
        Runtime.AdvanceToAsync(WorkflowCalendar.ToUtc(Build.Date(date).AddDays(1), TimeOnly.MinValue).AddTicks(-1));

    /// <summary>
    /// The case's notifications to professionals, settings and managers. Notices to the family (version 2) are left
    /// out here: <see cref="FamilyNoticesFor"/> has them, and Scenarios/FamilyNoticeScenarioTests tests them.
    /// </summary>
    public IReadOnlyList<Notification> NotificationsFor(string caseId) =>
        [.. Notifications.All().Where(n => n.CaseId == caseId && !n.Kind.IsFamilyNotice())];

    /// <summary>The case's notices to the family (sent to the family, or to the caseworker to post).</summary>
    public IReadOnlyList<Notification> FamilyNoticesFor(string caseId) =>
        [.. Notifications.All().Where(n => n.CaseId == caseId && n.Kind.IsFamilyNotice())];

    public async Task<OrchestrationRuntimeStatus?> StatusOf(string instanceId) => (await Client.GetInstanceAsync(instanceId))?.RuntimeStatus;

    /// <summary>Dispatches at the current time (unlike <see cref="ApplyAsync"/>, whatever the event's date) and runs until idle.</summary>
    public async Task<DispatchResult> DispatchNowAsync(CaseEvent e)
    {
        var result = await services.GetRequiredService<CaseEventDispatcher>().DispatchAsync(e);
        await Runtime.RunUntilIdleAsync();
        return result;
    }

    /// <summary>Every instance that ended Failed, with its error.</summary>
    public async Task<IReadOnlyList<string>> FailedInstancesAsync()
    {
        var failed = new List<string>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Failed])))
        {
            failed.Add($"{instance.InstanceId}: {instance.FailureDetails?.ErrorMessage}");
        }

        return failed;
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await services.DisposeAsync();
    }
}
