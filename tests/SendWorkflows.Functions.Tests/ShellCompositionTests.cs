using System.Reflection;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendWorkflows.Domain;

namespace SendWorkflows.Functions.Tests;

/// <summary>The app's composition: every function class can be built from the services Program registers.</summary>
public sealed class ShellCompositionTests
{
    /// <summary>The app as Program builds it (not started), with these settings.</summary>
    static ComposedApp Compose(Dictionary<string, string?> settings) =>
        new(FunctionsApp.Build([.. settings.Select(s => $"--{s.Key}={s.Value}")]));

    sealed class ComposedApp(Microsoft.Extensions.Hosting.IHost host) : IServiceProvider, IDisposable, IAsyncDisposable
    {
        public object? GetService(Type serviceType) => host.Services.GetService(serviceType);

        public void Dispose() => host.Dispose();

        public ValueTask DisposeAsync() => host is IAsyncDisposable async ? async.DisposeAsync() : ValueTask.CompletedTask;
    }

    static readonly Dictionary<string, string?> AzureSettings = new()
    {
        ["Email:Provider"] = "None",
        ["Storage:TableServiceUri"] = "https://stsendwfdev.table.core.windows.net/",
        ["Storage:BlobServiceUri"] = "https://stsendwfdev.blob.core.windows.net/",
        ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        // What the Functions host passes the worker it starts (resolving the worker's hosted services reads them).
        ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9",
        ["Functions:Worker:WorkerId"] = "composition-test",
        ["Functions:Worker:RequestId"] = "composition-test",
        ["Auth:Mode"] = "EasyAuth",
        ["Auth:EasyAuth:TenantId"] = "11111111-1111-1111-1111-111111111111",
        ["Auth:EasyAuth:ClientId"] = "22222222-2222-2222-2222-222222222222",
    };

    [Fact]
    public void Every_function_class_can_be_built_from_the_registered_services()
    {
        using var provider = Compose(AzureSettings);
        var functionClasses = typeof(ShellWorkflows).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();

        Assert.NotEmpty(functionClasses);
        Assert.All(functionClasses, type => Assert.NotNull(ActivatorUtilities.CreateInstance(provider, type)));
    }

    [Fact]
    public void Every_registered_orchestrator_and_activity_can_be_built_from_the_registered_services()
    {
        using var provider = Compose(AzureSettings);
        var registry = provider.GetRequiredService<Microsoft.DurableTask.DurableTaskRegistry>();
        var client = FakeItEasy.A.Fake<Microsoft.DurableTask.Client.DurableTaskClient>();
        provider.GetRequiredService<CaseEvents.DurableClientHolder>().Offer(client); // as the activity function does
        var services = new Dispatch.DurableClientServices(provider, client);

        Assert.All(registry.GetOrchestrators(), o => Assert.NotNull(o.Value(services)));
        Assert.All(registry.GetActivities(), a => Assert.NotNull(a.Value(services)));
    }

    [Fact]
    public void The_workflows_ports_are_table_backed_not_in_memory()
    {
        using var provider = Compose(AzureSettings);

        Assert.Equal("TablePlanRegister", provider.GetRequiredService<Workflows.IPlanRegister>().GetType().Name);
        Assert.Equal("TableOutcomeLog", provider.GetRequiredService<Workflows.IOutcomeLog>().GetType().Name);
        Assert.Equal("TableRejectedEventStore", provider.GetRequiredService<Workflows.IRejectedEventStore>().GetType().Name);
        Assert.Equal("TableContactsDirectory", provider.GetRequiredService<Workflows.IContactsDirectorySource>().GetType().Name);
    }

    [Fact]
    public void In_Azure_tables_are_reached_by_endpoint_and_identity_not_a_connection_string()
    {
        using var provider = Compose(AzureSettings);

        Assert.Equal("stsendwfdev", provider.GetRequiredService<TableServiceClient>().AccountName);
    }

    [Fact]
    public async Task The_Service_Bus_intake_is_hosted_only_when_a_namespace_is_configured()
    {
        // The Service Bus client is only asynchronously disposable, as the Functions host disposes its services.
        await using var without = Compose(AzureSettings);
        await using var with = Compose(new Dictionary<string, string?>(AzureSettings)
        {
            [FunctionsShellServices.ServiceBusNamespaceSetting] = "sb-sendwf-dev.servicebus.windows.net",
        });

        Assert.DoesNotContain(without.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is CaseEvents.ServiceBusCaseEventIntake);
        Assert.Single(with.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<CaseEvents.ServiceBusCaseEventIntake>());
        Assert.Equal(("sb-sendwf-dev.servicebus.windows.net", "case-events"),
            (with.GetRequiredService<CaseEvents.ServiceBusIntakeOptions>().FullyQualifiedNamespace, with.GetRequiredService<CaseEvents.ServiceBusIntakeOptions>().QueueName));
    }

    [Fact]
    public void The_worker_serialises_with_OrchestrationJson()
    {
        using var provider = Compose(AzureSettings);
        var serializer = provider.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;

        var json = serializer.Serialize(new { Kind = NotificationKind.AdviceRequest, On = new DateOnly(2026, 11, 23) }).ToString();

        Assert.Equal("""{"kind":"AdviceRequest","on":"2026-11-23"}""", json);
    }
}
