using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SendWorkflows.Web.Dashboard;
using SendWorkflows.Host.Intake;
using SendWorkflows.Web.Links;
using SendWorkflows.Web.Security;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Hosting;

namespace SendWorkflows.Host.Hosting;

/// <summary>
/// Builds the host: configuration (appsettings.json, environment, command line), storage, the workflows' ports,
/// intake, links, authentication and the dashboard. Tests call <see cref="Build"/> with <c>configure</c> to
/// override settings or services before the app is built.
/// </summary>
public static class SendWorkflowsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddServices(builder.Services, builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

    static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.Configure<QueueIntakeOptions>(configuration.GetSection(QueueIntakeOptions.Section));

        AddCaseClock(services, configuration);
        services.AddSingleton(_ => new TableServiceClient(storage.ConnectionString));
        services.AddSingleton(_ => new QueueServiceClient(storage.ConnectionString));
        AddStores(services, storage);
        AddEmail(services, configuration, storage);
        services.AddEmbeddedRuntime(storage, WorkflowCatalogue.Register,
            configuration.GetSection(RuntimeSettings.Section).Get<RuntimeSettings>());
        services.AddHostedService<CouncilWorkflowsService>();
        services.AddSendWorkflows();
        services.AddSendWorkflowsWeb(configuration);

        var queue = configuration.GetSection(QueueIntakeOptions.Section).Get<QueueIntakeOptions>() ?? new QueueIntakeOptions();
        if (queue.Enabled && !storage.InMemory)
        {
            services.AddHostedService<CaseEventQueueWorker>();
        }
    }

    /// <summary>
    /// The case clock every date in the engine comes from: real time, or in a demo a virtual clock run faster.
    /// Sign-in sessions keep to wall-clock time regardless (see <see cref="StaffAuthentication"/>).
    /// </summary>
    static void AddCaseClock(IServiceCollection services, IConfiguration configuration)
    {
        var demo = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        if (!demo.Enabled)
        {
            services.TryAddSingleton(TimeProvider.System);
            return;
        }

        var year = demo.AcademicYear ?? DemoLoader.AcademicYearOf(demo.StartOn ?? DateOnly.FromDateTime(DateTime.UtcNow));
        var startOn = demo.StartOn ?? new DateOnly(year, 9, 1);
        var clock = new Runtime.VirtualClock(new DateTimeOffset(startOn.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero));
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<DemoClockDriver>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoClockDriver>());
        services.AddHostedService<DemoLoader>();
    }

    /// <summary>
    /// E-mail (with Azure Tables only): the Table notification log and outbox, the sender chosen by
    /// <c>Email:Provider</c>, the outbox dispatcher, and this host's signed links in every request e-mail.
    /// In memory, notifications are recorded and never delivered.
    /// </summary>
    static void AddEmail(IServiceCollection services, IConfiguration configuration, StorageOptions storage)
    {
        if (storage.InMemory)
        {
            return;
        }

        services.AddSingleton<IResponseLinks>(sp => sp.GetRequiredService<SignedResponseLinks>());
        var email = configuration.GetSection(EmailOptions.SectionName).Get<EmailOptions>() ?? new EmailOptions();
        if (email.Provider != EmailProvider.None)
        {
            // Delivery timeouts, retries and due times are about the mail server, not the case: keep them on
            // wall-clock time whatever the case clock is (a demo runs it fast, tests move it by hand). Registered
            // first, so the e-mail module's defaults step aside.
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<OutboxDispatcher>(sp, TimeProvider.System));
            services.AddHostedService(sp => ActivatorUtilities.CreateInstance<OutboxDispatcherService>(sp, TimeProvider.System));
        }

        services.AddSendWorkflowsEmail(configuration);
    }

    static void AddStores(IServiceCollection services, StorageOptions storage)
    {
        if (storage.InMemory)
        {
            services.TryAddSingleton<IUsedLinkStore, InMemoryUsedLinkStore>();
            services.TryAddSingleton<IProcessedEventStore, InMemoryProcessedEventStore>();
            services.TryAddSingleton<IContactsDirectoryStore, InMemoryContactsDirectoryStore>();
            services.TryAddSingleton<IContactsDirectorySource>(sp => sp.GetRequiredService<IContactsDirectoryStore>());
            services.TryAddSingleton<IImportLog, InMemoryImportLog>();
            return;
        }

        services.TryAddSingleton<IUsedLinkStore, TableUsedLinkStore>();
        services.TryAddSingleton<IProcessedEventStore, TableProcessedEventStore>();
        services.TryAddSingleton<IRejectedEventStore, TableRejectedEventStore>();
        services.TryAddSingleton<IOutcomeLog, TableOutcomeLog>();
        services.TryAddSingleton<IPlanRegister, TablePlanRegister>();
        services.TryAddSingleton<IMonitoringVisitRegister, TableMonitoringVisitRegister>();
        services.TryAddSingleton<IOpenAssessments, TableOpenAssessments>();
        services.TryAddSingleton<DigestIndexBackfill>();
        services.TryAddSingleton<IContactsDirectoryStore, TableContactsDirectory>();
        services.TryAddSingleton<IContactsDirectorySource>(sp => sp.GetRequiredService<IContactsDirectoryStore>());
        services.TryAddSingleton<IImportLog, TableImportLog>();
    }

    static void MapEndpoints(WebApplication app)
    {
        app.UseSendWorkflowsWeb();
        app.MapSendWorkflowsWeb(app.Configuration);
    }
}
