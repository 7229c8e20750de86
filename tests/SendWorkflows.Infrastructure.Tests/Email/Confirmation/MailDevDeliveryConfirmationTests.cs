using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.Infrastructure.Email.Providers;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.Email.Confirmation;

/// <summary>The MailDev lookup against a real MailDev 3 that received a message through the real SMTP sender.</summary>
[Collection(LocalServicesCollection.Name)]
public sealed class MailDevDeliveryConfirmationTests(MailDevFixture maildev)
{
    [Fact]
    public async Task A_message_MailDev_received_is_accepted_and_another_key_is_not_found()
    {
        await maildev.ClearAsync();
        var sender = new SmtpEmailSender(Options.Create(TestRenderer.Options), maildev.SmtpOptions());
        var sent = await sender.SendAsync(new EmailMessage(["senco@oakfield.example.org"], [], "Subject", "<p>Body</p>", "Body"), "o:EHC-7/x:senco@oakfield.example.org");

        var accepted = await maildev.Confirmation().CheckAsync("o:EHC-7/x:senco@oakfield.example.org");
        var other = await maildev.Confirmation().CheckAsync("o:EHC-7/x:someone.else@example.org");

        Assert.Equal(EmailSendStatus.Sent, sent.Status);
        Assert.Equal((DeliveryCheckResult.Accepted, $"<{sent.ProviderMessageId}>"), (accepted.Result, accepted.ProviderMessageId));
        Assert.Equal(DeliveryCheckResult.NotFound, other.Result);
    }

    [Fact]
    public async Task An_unreachable_MailDev_is_unavailable()
    {
        var options = Options.Create(new SmtpEmailOptions { MailDevApiUrl = new Uri($"http://127.0.0.1:{LocalPorts.Free()}/") });

        var check = await new MailDevDeliveryConfirmation(() => new HttpClient(), options).CheckAsync("o:EHC-7/x:senco@oakfield.example.org");

        Assert.Equal(DeliveryCheckResult.Unavailable, check.Result);
    }
}
