using Microsoft.DurableTask;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Hosting;

/// <summary>The orchestrators and activities this host runs: the workflows' own list.</summary>
public static class WorkflowCatalogue
{
    public static void Register(DurableTaskRegistry registry) => WorkflowRegistration.Register(registry);
}
