using Microsoft.DurableTask;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Intake;
using SendWorkflows.Web.Hosting;

namespace SendWorkflows.Host.Hosting;

/// <summary>The orchestrators and activities this host runs: the workflows' own list.</summary>
public static class WorkflowCatalogue
{
    public static void Register(DurableTaskRegistry registry) => WorkflowRegistration.Register(registry);
}
