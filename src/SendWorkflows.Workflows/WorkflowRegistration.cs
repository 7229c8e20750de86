using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Loading;
using SendWorkflows.Workflows.Monitoring;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Workflows;

/// <summary>The one list of the workflows' orchestrators and activities, read by the embedded runtime and the Functions shell.</summary>
public static class WorkflowRegistration
{
    public static DurableTaskRegistry Register(DurableTaskRegistry registry) => Register(registry, replacements: null);

    /// <summary>
    /// Registers every orchestrator once under its class name (each runs all its released versions, ADR 0007) and
    /// every activity. <paramref name="replacements"/> is for tests only: an orchestrator to run under a released
    /// name instead (a test-only later version, or a changed orchestrator the replay corpus must catch).
    /// </summary>
    public static DurableTaskRegistry Register(DurableTaskRegistry registry, IReadOnlyDictionary<string, Func<ITaskOrchestrator>>? replacements)
    {
        DurableTaskRegistry Add<T>()
            where T : class, ITaskOrchestrator =>
            replacements is not null && replacements.TryGetValue(typeof(T).Name, out var replacement)
                ? registry.AddOrchestrator(typeof(T).Name, replacement)
                : registry.AddOrchestrator<T>();

        Add<AssessmentOrchestrator>();
        Add<AdviceRequestOrchestrator>();
        Add<AnnualReviewOrchestrator>();
        Add<TermlyReviewListOrchestrator>();
        Add<WeeklyDigestOrchestrator>();
        Add<MonitoringVisitOrchestrator>();
        Add<MonthlyReportOrchestrator>();
        return registry
            .AddActivity<RecordNotificationActivity>()
            .AddActivity<LookUpContactRoleActivity>()
            .AddActivity<RecordRejectedEventActivity>()
            .AddActivity<RecordOutcomeActivity>()
            .AddActivity<UpdateRegisterActivity>()
            .AddActivity<StartAnnualReviewActivity>()
            .AddActivity<SendTermlyReviewListsActivity>()
            .AddActivity<SendWeeklyDigestActivity>()
            .AddActivity<UpdateMonitoringRegisterActivity>()
            .AddActivity<SendMonthlyReportActivity>();
    }

    /// <summary>
    /// The workflows' services: the dispatcher and loader, and in-memory ports unless the host registered its own
    /// (Azure Table adapters) first. The host also registers the <see cref="DurableTaskClient"/> and the
    /// <see cref="IContactsDirectorySource"/>.
    /// </summary>
    public static IServiceCollection AddSendWorkflows(this IServiceCollection services)
    {
        services.TryAddSingleton<INotificationLog, InMemoryNotificationLog>();
        services.TryAddSingleton<IOutcomeLog, InMemoryOutcomeLog>();
        services.TryAddSingleton<IRejectedEventStore, InMemoryRejectedEventStore>();
        services.TryAddSingleton<IPlanRegister, InMemoryPlanRegister>();
        services.TryAddSingleton<IMonitoringVisitRegister, InMemoryMonitoringVisitRegister>();
        services.TryAddSingleton<IOpenAssessments, InMemoryOpenAssessments>();
        services.TryAddSingleton<CaseEventDispatcher>();
        services.TryAddSingleton<CaseloadLoader>();
        return services;
    }
}
