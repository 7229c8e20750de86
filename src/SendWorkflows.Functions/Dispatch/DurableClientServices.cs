using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// The function's services plus the invocation's Durable client. Functions hands the client out per invocation
/// (the <c>[DurableClient]</c> binding), not through DI, yet shared classes such as the case-event dispatcher and
/// activities that start workflows take our port client in their constructor.
/// </summary>
public sealed class DurableClientServices(IServiceProvider services, DurableTaskClient client) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        serviceType == typeof(DurableTaskClient) ? client : services.GetService(serviceType);
}
