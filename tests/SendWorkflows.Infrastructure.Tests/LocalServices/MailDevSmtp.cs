using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.LocalServices;

/// <summary>The infrastructure's SMTP settings and delivery confirmation pointed at a test's MailDev.</summary>
internal static class MailDevSmtp
{
    public static IOptions<SmtpEmailOptions> SmtpOptions(this MailDev maildev) => Options.Create(new SmtpEmailOptions
    {
        Host = "127.0.0.1",
        Port = maildev.SmtpPort,
        Security = "None",
        MailDevApiUrl = maildev.WebUrl,
    });

    /// <summary>Confirms interrupted attempts against this MailDev's REST API, as local runs and the proof do.</summary>
    public static MailDevDeliveryConfirmation Confirmation(this MailDev maildev) => new(() => new HttpClient(), maildev.SmtpOptions());
}
