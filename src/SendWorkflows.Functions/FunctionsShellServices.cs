using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Functions.CaseEvents;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Orchestration;

namespace SendWorkflows.Functions;

/// <summary>The services the shell's functions need, apart from the workflows' own.</summary>
public static class FunctionsShellServices
{
    public static IServiceCollection AddFunctionsShell(this IServiceCollection services, Action<DurableTaskRegistry> registerWorkflows)
    {
        var registry = new DurableTaskRegistry();
        registerWorkflows(registry);
        services.AddSingleton(registry);

        // Inputs, outputs and event payloads travel as OrchestrationJson in every host, so a workflow's records
        // (DateOnly, enums as names) read the same under Durable Functions as under the embedded runtime.
        services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(OrchestrationJson.Options));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RegisteredOrchestratorRunner>();
        services.AddSingleton<RegisteredActivityRunner>();
        services.AddSingleton<EternalWorkflowStarter>();
        services.AddSingleton<ICaseEventReader, ContractCaseEventReader>();
        services.AddSingleton<CaseEventMessageHandler>();
        return services;
    }
}
