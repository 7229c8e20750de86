using Azure.Core.Serialization;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendWorkflows.Functions.CaseEvents;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Functions.Imports;
using SendWorkflows.Infrastructure;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Web.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;
using SendWorkflows.Workflows;

namespace SendWorkflows.Functions;

/// <summary>The services the app's functions need: the workflows' registry, their Table storage ports, the triggers' helpers.</summary>
public static class FunctionsShellServices
{
    /// <summary>Setting with the Table endpoint, for access by managed identity (Azure); absent locally.</summary>
    public const string TableServiceUriSetting = "Storage:TableServiceUri";

    /// <summary>The user-assigned identity's client id, shared with the host's own storage connection.</summary>
    public const string IdentityClientIdSetting = "AzureWebJobsStorage:clientId";

    /// <summary>The Service Bus namespace, in the setting the Functions trigger would read (<c>ServiceBusConnection__fullyQualifiedNamespace</c>).</summary>
    public const string ServiceBusNamespaceSetting = "ServiceBusConnection:fullyQualifiedNamespace";

    public const string ServiceBusClientIdSetting = "ServiceBusConnection:clientId";

    public const string ServiceBusQueueSetting = "CaseEvents:ServiceBusQueue";

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
        services.TryAddSingleton<IMonitoringVisitRegister, TableMonitoringVisitRegister>();
        services.TryAddSingleton<IOpenAssessments, TableOpenAssessments>();
        services.TryAddSingleton<IContactsDirectoryStore, TableContactsDirectory>();
        services.TryAddSingleton<IContactsDirectorySource>(sp => sp.GetRequiredService<IContactsDirectoryStore>());
        services.AddSendWorkflows();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RegisteredOrchestratorRunner>();
        services.AddSingleton<RegisteredActivityRunner>();
        services.AddSingleton<EternalWorkflowStarter>();
        services.TryAddSingleton<DigestIndexBackfill>();
        services.AddSingleton<ICaseEventReader, ContractCaseEventReader>();
        services.AddSingleton<ICaseEventDispatcher, WorkflowsCaseEventDispatcher>();
        services.AddSingleton<CaseEventMessageHandler>();
        services.AddSingleton<DurableClientHolder>();
        AddServiceBusIntake(services, configuration);
        services.AddImports(configuration);
        return services;
    }

    /// <summary>
    /// The Service Bus intake (ADR 0058), read by namespace with the app's identity like the trigger it replaces
    /// (<c>ServiceBusConnection__fullyQualifiedNamespace</c>); without that setting the app takes events over HTTP
    /// and the Storage queue only.
    /// </summary>
    static void AddServiceBusIntake(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[ServiceBusNamespaceSetting] is not { Length: > 0 } fullyQualifiedNamespace)
        {
            return;
        }

        services.AddSingleton(new ServiceBusIntakeOptions(fullyQualifiedNamespace, configuration[ServiceBusQueueSetting] ?? ServiceBusIntakeOptions.DefaultQueue));
        services.TryAddSingleton(_ => new ServiceBusClient(fullyQualifiedNamespace, new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = configuration[ServiceBusClientIdSetting] ?? configuration[IdentityClientIdSetting],
        })));
        services.AddHostedService<ServiceBusCaseEventIntake>();
    }
}
