using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendWorkflows.Functions.CaseEvents;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Web.Dashboard;
using SendWorkflows.Web.Links;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Tables;

namespace SendWorkflows.Functions;

/// <summary>
/// The web features of <c>sendworkflows serve</c> in this app (ADR 0080): the same registrations, their stores in
/// Table storage, signed response links in every request e-mail, and the pipeline the HTTP triggers hand requests to.
/// </summary>
public static class FunctionsWebServices
{
    public static IServiceCollection AddFunctionsWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // The web features and the workflows' dispatcher take the workflows' client from DI; the worker gives it only
        // to invocations, so each HTTP trigger offers the one it binds before handing its request over.
        services.TryAddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<DurableClientHolder>().Offered);
        services.TryAddSingleton<IUsedLinkStore, TableUsedLinkStore>();
        services.TryAddSingleton<IProcessedEventStore, TableProcessedEventStore>();
        if (configuration[AppSettings.DurableTaskHubName] is { Length: > 0 } hubName)
        {
            // The SDK's client reports no version; the task hub's instances table does (ADR 0118).
            services.TryAddSingleton<IWorkflowVersionCounts>(sp => new TaskHubVersionCounts(sp.GetRequiredService<TableServiceClient>(), hubName));
        }

        // Request e-mails carry signed links (replacing the e-mail wiring's NoResponseLinks), answered by ResponseLink*.
        services.Replace(ServiceDescriptor.Singleton<IResponseLinks>(sp => sp.GetRequiredService<SignedResponseLinks>()));

        services.AddSendWorkflowsWeb(configuration);
        services.AddSingleton(sp => new WebRequestPipeline(sp, configuration));
        return services;
    }
}
