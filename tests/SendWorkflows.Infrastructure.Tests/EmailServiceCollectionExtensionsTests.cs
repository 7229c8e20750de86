using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.Infrastructure.Email.Providers;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tests;

public sealed class EmailServiceCollectionExtensionsTests
{
    private const string Storage = "UseDevelopmentStorage=true";

    [Theory]
    [InlineData("Smtp", typeof(SmtpEmailSender))]
    [InlineData("SendGrid", typeof(SendGridEmailSender))]
    [InlineData("Notify", typeof(NotifyEmailSender))]
    public void The_configured_provider_delivers_and_the_table_log_records(string provider, Type senderType)
    {
        using var services = Build(new()
        {
            ["Email:Provider"] = provider,
            ["Email:SendGrid:ApiKey"] = "SG.from-configuration",
            ["Email:Notify:ApiKey"] = "sendworkflows_test-7b7c3b5e-8a8e-4a4f-9d43-2f1c0c8e9a11-0d3f2c1b-4e5a-4b6c-8d7e-9f0a1b2c3d4e",
            ["Email:Notify:TemplateId"] = "f33517ff-2a88-4f6e-b855-c550268ce08a",
        });

        Assert.IsType(senderType, services.GetRequiredService<IEmailSender>());
        Assert.IsType<TableNotificationLog>(services.GetRequiredService<INotificationLog>());
        Assert.NotNull(services.GetRequiredService<OutboxDispatcher>());
        Assert.IsType<NoResponseLinks>(services.GetRequiredService<IResponseLinks>());
    }

    [Theory]
    [InlineData("Smtp", "", typeof(NoDeliveryConfirmation))]
    [InlineData("Smtp", "Email:Smtp:MailDevApiUrl=http://127.0.0.1:1080/", typeof(MailDevDeliveryConfirmation))]
    [InlineData("SendGrid", "", typeof(NoDeliveryConfirmation))]
    [InlineData("SendGrid", "Email:SendGrid:ConfirmWithEmailActivity=true", typeof(SendGridDeliveryConfirmation))]
    [InlineData("Notify", "", typeof(NotifyDeliveryConfirmation))]
    public void Each_provider_gets_its_delivery_confirmation(string provider, string setting, Type confirmationType)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Provider"] = provider,
            ["Email:SendGrid:ApiKey"] = "SG.from-configuration",
            ["Email:Notify:ApiKey"] = "sendworkflows_test-7b7c3b5e-8a8e-4a4f-9d43-2f1c0c8e9a11-0d3f2c1b-4e5a-4b6c-8d7e-9f0a1b2c3d4e",
            ["Email:Notify:TemplateId"] = "f33517ff-2a88-4f6e-b855-c550268ce08a",
        };
        if (setting.Split('=') is [var key, var value])
        {
            settings[key] = value;
        }

        using var services = Build(settings);

        Assert.IsType(confirmationType, services.GetRequiredService<IDeliveryConfirmation>());
    }

    [Fact]
    public void None_records_notifications_but_sends_nothing()
    {
        using var services = Build(new() { ["Email:Provider"] = "None" });

        Assert.IsType<TableNotificationLog>(services.GetRequiredService<INotificationLog>());
        Assert.Null(services.GetService<IEmailSender>());
        Assert.Null(services.GetService<OutboxDispatcher>());
    }

    [Theory]
    [InlineData("SendGrid", "Email:SendGrid:ApiKey")]
    [InlineData("Notify", "Email:Notify:ApiKey")]
    public void A_missing_secret_is_named(string provider, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Email:Provider"] = provider }));

        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Outbox_options_bind_from_configuration()
    {
        using var services = Build(new()
        {
            ["Email:Provider"] = "Smtp", ["Email:Outbox:MaxAttempts"] = "5", ["Email:Outbox:Lease"] = "00:02:00", ["Email:Outbox:WhenUnconfirmed"] = "Hold",
        });

        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OutboxOptions>>().Value;

        Assert.Equal((5, TimeSpan.FromMinutes(2), WhenUnconfirmed.Hold), (options.MaxAttempts, options.Lease, options.WhenUnconfirmed));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Email:FromAddress"] = "send.notifications@example.org";
        settings["ConnectionStrings:Storage"] = Storage;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSendWorkflowsEmail(configuration).BuildServiceProvider();
    }
}
