using Azure.Core.Serialization;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendWorkflows.Functions.CaseEvents;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Infrastructure;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Orchestration;
using SendWorkflows.Workflows;

namespace SendWorkflows.Functions;

/// <summary>The services the shell's functions need: the workflows' registry, the shared adapters, the triggers' helpers.</summary>
public static class FunctionsShellServices
{
    /// <summary>Setting with the Table endpoint, for access by managed identity (Azure); absent locally.</summary>
    public const string TableServiceUriSetting = "Storage:TableServiceUri";

    /// <summary>The user-assigned identity's client id, shared with the host's own storage connection.</summary>
    public const string IdentityClientIdSetting = "AzureWebJobsStorage:clientId";

    public static IServiceCollection AddFunctionsShell(
        this IServiceCollection services, IConfiguration configuration, Action<DurableTaskRegistry> registerWorkflows)
    {
        var registry = new DurableTaskRegistry();
        registerWorkflows(registry);
        services.AddSingleton(registry);

        // Inputs, outputs and event payloads travel as OrchestrationJson in every host, so a workflow's records
        // (DateOnly, enums as names) read the same under Durable Functions as under the embedded runtime.
        services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(OrchestrationJson.Options));

        // In Azure the storage account takes no keys: reach Tables with the app's identity. Locally the e-mail
        // wiring falls back to ConnectionStrings:Storage (Azurite).
        if (configuration[TableServiceUriSetting] is { Length: > 0 } tableServiceUri)
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = configuration[IdentityClientIdSetting],
            });
            services.TryAddSingleton(new TableServiceClient(new Uri(tableServiceUri), credential));
        }

        services.AddSendWorkflowsEmail(configuration);

        // The workflows' ports in Table storage, as the local host wires them; registered before AddSendWorkflows,
        // whose in-memory defaults would lose the register between instances.
        services.TryAddSingleton<IRejectedEventStore, TableRejectedEventStore>();
        services.TryAddSingleton<IOutcomeLog, TableOutcomeLog>();
        services.TryAddSingleton<IPlanRegister, TablePlanRegister>();
        services.TryAddSingleton<IContactsDirectoryStore, TableContactsDirectory>();
        services.TryAddSingleton<IContactsDirectorySource>(sp => sp.GetRequiredService<IContactsDirectoryStore>());
        services.AddSendWorkflows();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RegisteredOrchestratorRunner>();
        services.AddSingleton<RegisteredActivityRunner>();
        services.AddSingleton<EternalWorkflowStarter>();
        services.AddSingleton<ICaseEventReader, ContractCaseEventReader>();
        services.AddSingleton<ICaseEventDispatcher, WorkflowsCaseEventDispatcher>();
        services.TryAddSingleton<IProfessionalResponseLinks, NoProfessionalResponseLinks>();
        services.AddSingleton<CaseEventMessageHandler>();
        return services;
    }
}
