using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Loading;
using SendWorkflows.Workflows.Monitoring;

namespace SendWorkflows.Proof.Tests.Faults;

/// <summary>What a clean run produced: every notification and every workflow instance.</summary>
public sealed record ReferenceResult(IReadOnlyList<Notification> Notifications, IReadOnlyList<InstanceRecord> Instances);

/// <summary>When the host loaded a plan, and first ran its review workflow and (in a monitored setting) its monitoring visits.</summary>
/// <remarks>The two start together but run apart: a kill between them can put them on different days.</remarks>
public sealed record HostPlanLoad(DateOnly LoadedOn, DateTimeOffset ReviewFirstRun, DateTimeOffset? MonitoringFirstRun);

/// <summary>
/// The same caseload through the same workflows, in memory on a virtual clock with nothing killed, fed the host's
/// own timing: each plan loaded (with the host's load date) at the instant each of its workflows first ran in the host, each
/// event applied at the instant the host applied it (live, what is past when a plan starts is caught up, ADR 0033,
/// and an event counts from when it arrives, ADR 0032), the council-wide jobs started on the start date, then the
/// clock run to the end date.
/// </summary>
public static class ReferenceRun
{
    public static async Task<ReferenceResult> RunAsync(
        GeneratedCaseload caseload, DateOnly startOn, IReadOnlyDictionary<string, HostPlanLoad> planLoads,
        IReadOnlyList<(CaseEvent Event, DateTimeOffset AppliedAt)> events, DateTimeOffset endAt)
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

        // The council-wide jobs, as the host's CouncilWorkflowsService starts them on its first start.
        await CouncilWorkflows.EnsureRunningAsync(runtime.Client, startOn);
        var loads = caseload.Plans
            .Where(p => planLoads.ContainsKey(p.PlanId))
            .SelectMany(p => Starts(p, planLoads[p.PlanId], loader, runtime.Client));
        var applications = events.Select(e => (At: e.AppliedAt, Apply: (Func<Task>)(() => dispatcher.DispatchAsync(e.Event))));
        foreach (var (at, apply) in loads.Concat(applications).OrderBy(x => x.At))
        {
            if (at > clock.GetUtcNow())
            {
                await runtime.AdvanceToAsync(at);
            }

            await apply();
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

    static IEnumerable<(DateTimeOffset At, Func<Task> Apply)> Starts(PlanRecord plan, HostPlanLoad load, CaseloadLoader loader, DurableTaskClient client)
    {
        if (load.MonitoringFirstRun is not { } monitoring)
        {
            yield return (load.ReviewFirstRun, () => loader.StartAsync(plan, load.LoadedOn));
            yield break;
        }

        yield return (load.ReviewFirstRun, () => loader.StartReviewsAsync(plan, load.LoadedOn));
        yield return (monitoring, () => MonitoringVisitStarts.StartLoadedAsync(client, plan, load.LoadedOn, CancellationToken.None));
    }
}
