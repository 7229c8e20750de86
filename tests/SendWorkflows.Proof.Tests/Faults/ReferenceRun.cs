using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Orchestration;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Proof.Tests.Faults;

/// <summary>What a clean run produced: every notification and every workflow instance.</summary>
public sealed record ReferenceResult(IReadOnlyList<Notification> Notifications, IReadOnlyList<InstanceRecord> Instances);

/// <summary>
/// The same caseload through the same workflows, in memory on a virtual clock with nothing killed: the plans
/// loaded on the start date, each event applied at the case-clock instant the host applied it (ADR 0032: live,
/// an event counts from when it arrives), then the clock run to the end date.
/// </summary>
public static class ReferenceRun
{
    public static async Task<ReferenceResult> RunAsync(
        GeneratedCaseload caseload, DateOnly startOn, IReadOnlyList<(CaseEvent Event, DateTimeOffset AppliedAt)> events, DateTimeOffset endAt)
    {
        var clock = new VirtualClock(new DateTimeOffset(startOn.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero));
        var store = new InMemoryOrchestrationStore();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        var contacts = new InMemoryContactsDirectoryStore();
        await contacts.SaveAsync(caseload.Contacts);
        services.AddSingleton<IContactsDirectorySource>(contacts);
        services.AddSingleton(sp => new EmbeddedDurableRuntime(
            WorkflowRegistration.Register(new DurableTaskRegistry()), sp, store, clock, new EmbeddedRuntimeOptions(), NullLoggerFactory.Instance));
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddedDurableRuntime>().Client);
        services.AddSendWorkflows();
        await using var provider = services.BuildServiceProvider();
        var runtime = provider.GetRequiredService<EmbeddedDurableRuntime>();
        var loader = provider.GetRequiredService<CaseloadLoader>();
        var dispatcher = provider.GetRequiredService<CaseEventDispatcher>();

        foreach (var plan in caseload.Plans)
        {
            await loader.StartAsync(plan, startOn);
        }

        foreach (var (caseEvent, appliedAt) in events.OrderBy(e => e.AppliedAt))
        {
            if (appliedAt > clock.GetUtcNow())
            {
                await runtime.AdvanceToAsync(appliedAt);
            }

            await dispatcher.DispatchAsync(caseEvent);
        }

        await runtime.AdvanceToAsync(endAt);
        var notifications = new List<Notification>();
        await foreach (var notification in provider.GetRequiredService<INotificationLog>().AllAsync())
        {
            notifications.Add(notification);
        }

        var instances = new List<InstanceRecord>();
        await foreach (var instance in store.QueryInstancesAsync(new OrchestrationQuery(), CancellationToken.None))
        {
            instances.Add(instance);
        }

        return new ReferenceResult(notifications, instances);
    }
}
