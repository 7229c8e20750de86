using SendWorkflows.Orchestration;

namespace SendWorkflows.Host.Hosting;

/// <summary>The orchestrators and activities this host runs.</summary>
public static class WorkflowCatalogue
{
    public static void Register(DurableTaskRegistry registry)
    {
        // Filled in when the workflows land: WorkflowRegistration.Register(registry).
        ArgumentNullException.ThrowIfNull(registry);
    }
}
