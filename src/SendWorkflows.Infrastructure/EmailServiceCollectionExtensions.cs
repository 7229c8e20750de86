using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.Infrastructure.Email.Providers;
using SendWorkflows.Infrastructure.Email.Templates;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure;

/// <summary>Wires e-mail delivery from configuration (<c>Email:*</c>); secrets come only from configuration.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Table-backed <see cref="INotificationLog"/> and outbox, the renderer, and the
    /// <see cref="IEmailSender"/> chosen by <c>Email:Provider</c> (SendGrid, Smtp, Notify or None) with its
    /// <see cref="IDeliveryConfirmation"/> (MailDev, SendGrid Email Activity, Notify, or none) and the
    /// <see cref="OutboxDispatcher"/>. With None, notifications are recorded and wait; no sender or dispatcher is
    /// registered. Add <see cref="AddEmailOutboxDispatcherService"/> to run the dispatcher in a host.
    /// Register an <see cref="IResponseLinks"/> to put response links in e-mails (the default adds none), and a
    /// <see cref="TableServiceClient"/> to share one (otherwise one is made from <c>Email:Outbox:ConnectionString</c>
    /// or <c>ConnectionStrings:Storage</c>).
    /// </summary>
    public static IServiceCollection AddSendWorkflowsEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var email = configuration.GetSection(EmailOptions.SectionName);
        var settings = email.Get<EmailOptions>() ?? new EmailOptions();
        services.Configure<EmailOptions>(email);
        services.Configure<OutboxOptions>(email.GetSection("Outbox"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IResponseLinks, NoResponseLinks>();
        services.TryAddSingleton<NotificationEmailRenderer>();

        services.TryAddSingleton(sp => new TableServiceClient(StorageConnectionString(configuration)));
        services.TryAddSingleton(sp =>
        {
            var outbox = sp.GetRequiredService<IOptions<OutboxOptions>>().Value;
            return new NotificationTable(sp.GetRequiredService<TableServiceClient>().GetTableClient(outbox.TableName));
        });
        services.TryAddSingleton<TableOutboxStore>();
        // Outbox rows are due on the wall clock the dispatcher runs on, even when the workflows run on an
        // accelerated case clock (the demo): otherwise mail stalls once the case clock passes real time.
        services.TryAddSingleton(sp => new TableNotificationLog(sp.GetRequiredService<NotificationTable>(), TimeProvider.System));
        services.TryAddSingleton<INotificationLog>(sp => sp.GetRequiredService<TableNotificationLog>());

        if (settings.Provider == EmailProvider.None)
        {
            return services;
        }

        Require(settings.FromAddress, "Email:FromAddress");
        switch (settings.Provider)
        {
            case EmailProvider.Smtp:
                services.Configure<SmtpEmailOptions>(email.GetSection("Smtp"));
                services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
                if (email["Smtp:MailDevApiUrl"] is { Length: > 0 })
                {
                    services.AddHttpClient(nameof(MailDevDeliveryConfirmation));
                    services.TryAddSingleton<IDeliveryConfirmation>(sp => new MailDevDeliveryConfirmation(
                        () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(MailDevDeliveryConfirmation)),
                        sp.GetRequiredService<IOptions<SmtpEmailOptions>>()));
                }
                else
                {
                    services.TryAddSingleton<IDeliveryConfirmation>(new NoDeliveryConfirmation(
                        "an SMTP server cannot be asked whether it accepted a message (Email:Smtp:MailDevApiUrl is for MailDev only)"));
                }

                break;
            case EmailProvider.SendGrid:
                Require(email["SendGrid:ApiKey"], "Email:SendGrid:ApiKey");
                services.Configure<SendGridEmailOptions>(email.GetSection("SendGrid"));
                services.AddHttpClient(nameof(SendGridEmailSender));
                services.TryAddSingleton<IEmailSender>(sp => new SendGridEmailSender(
                    () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SendGridEmailSender)),
                    sp.GetRequiredService<IOptions<EmailOptions>>(),
                    sp.GetRequiredService<IOptions<SendGridEmailOptions>>(),
                    sp.GetRequiredService<TimeProvider>()));
                services.TryAddSingleton<IDeliveryConfirmation>(sp =>
                    sp.GetRequiredService<IOptions<SendGridEmailOptions>>().Value.ConfirmWithEmailActivity
                        ? new SendGridDeliveryConfirmation(
                            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SendGridEmailSender)),
                            sp.GetRequiredService<IOptions<SendGridEmailOptions>>())
                        : new NoDeliveryConfirmation("SendGrid is not asked without Email Activity (Email:SendGrid:ConfirmWithEmailActivity)"));
                break;
            case EmailProvider.Notify:
                Require(email["Notify:ApiKey"], "Email:Notify:ApiKey");
                Require(email["Notify:TemplateId"], "Email:Notify:TemplateId");
                services.Configure<NotifyEmailOptions>(email.GetSection("Notify"));
                services.TryAddSingleton<IEmailSender, NotifyEmailSender>();
                services.TryAddSingleton<IDeliveryConfirmation, NotifyDeliveryConfirmation>();
                break;
            default:
                throw new InvalidOperationException($"Email:Provider '{settings.Provider}' is not one of SendGrid, Smtp, Notify, None.");
        }

        services.TryAddSingleton<OutboxDispatcher>();
        return services;
    }

    /// <summary>Runs the outbox dispatcher as a hosted service (not needed where a timer calls it, as in Functions).</summary>
    public static IServiceCollection AddEmailOutboxDispatcherService(this IServiceCollection services) =>
        services.AddHostedService<OutboxDispatcherService>();

    private static string StorageConnectionString(IConfiguration configuration) =>
        configuration["Email:Outbox:ConnectionString"] ?? configuration.GetConnectionString("Storage")
        ?? throw new InvalidOperationException("E-mail outbox storage is not configured: set Email:Outbox:ConnectionString or ConnectionStrings:Storage.");

    private static void Require(string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"{key} is required for the configured e-mail provider.");
        }
    }
}
