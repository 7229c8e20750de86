using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Loading;

namespace SendWorkflows.Parity.Tests.Engines;

/// <summary>
/// One engine running the real orchestrators and activities (registered by <see cref="WorkflowRegistration"/>, as
/// the Functions app and the local host register them) against its own <see cref="Records"/>, driven through the
/// same dispatcher and loader the hosts use.
/// </summary>
abstract class ParityEngine : IAsyncDisposable
{
    ServiceProvider? driver;

    public Records Records { get; } = new();

    public abstract string Name { get; }

    public abstract DurableTaskClient Client { get; }

    /// <summary>The workflows' services for the engine's activities: the shared records plus the in-memory defaults.</summary>
    protected IServiceCollection AddWorkflowServices(IServiceCollection services) => services
        .AddSingleton<INotificationLog>(Records.Notifications)
        .AddSingleton<IOutcomeLog>(Records.Outcomes)
        .AddSingleton<IRejectedEventStore>(Records.Rejected)
        .AddSingleton<IPlanRegister>(Records.Register)
        .AddSingleton(Records.Contacts)
        .AddSendWorkflows();

    ServiceProvider Driver => driver ??= AddWorkflowServices(new ServiceCollection()).AddSingleton(Client).BuildServiceProvider();

    public Task<DispatchResult> DispatchAsync(CaseEvent e) => Driver.GetRequiredService<CaseEventDispatcher>().DispatchAsync(e);

    public Task<string> LoadAsync(PlanRecord row, DateOnly today) => Driver.GetRequiredService<CaseloadLoader>().StartAsync(row, today);

    /// <summary>Lets the engine do everything that is due now; <paramref name="expected"/> is the other engine's state when it did.</summary>
    public abstract Task<Snapshot> SettleAsync(Snapshot? expected);

    protected static string Status(string instanceId, OrchestrationRuntimeStatus status) => $"{instanceId}: {status}";

    public virtual async ValueTask DisposeAsync()
    {
        if (driver is not null)
        {
            await driver.DisposeAsync();
        }
    }
}
