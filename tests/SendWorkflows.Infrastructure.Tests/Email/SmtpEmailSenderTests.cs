using System.Text.Json;
using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Providers;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.Email;

[Collection(LocalServicesCollection.Name)]
public sealed class SmtpEmailSenderTests(MailDevFixture maildev)
{
    [Fact]
    public async Task Sends_html_and_text_with_to_cc_and_a_deterministic_message_id()
    {
        await maildev.ClearAsync();
        var sender = new SmtpEmailSender(Options.Create(TestRenderer.Options), maildev.SmtpOptions());
        var message = new EmailMessage(["to.one@example.org"], ["cc.one@example.org"], "Advice overdue: case EHC-1", "<p>Hello &amp; welcome</p>", "Hello & welcome");

        var result = await sender.SendAsync(message, "o:EHC-1/AdviceOverdue:to.one@example.org");

        Assert.Equal(EmailSendStatus.Sent, result.Status);
        var received = Assert.Single(await maildev.MessagesAsync());
        Assert.Equal("Advice overdue: case EHC-1", received.GetProperty("subject").GetString());
        Assert.Equal("to.one@example.org", received.GetProperty("to")[0].GetProperty("address").GetString());
        Assert.Equal("cc.one@example.org", received.GetProperty("cc")[0].GetProperty("address").GetString());
        Assert.Equal("send.notifications@example.org", received.GetProperty("from")[0].GetProperty("address").GetString());
        Assert.Contains("Hello &amp; welcome", received.GetProperty("html").GetString());
        Assert.Equal("Hello & welcome", received.GetProperty("text").GetString()!.Trim());
        var expectedId = DeterministicMessageId.For("o:EHC-1/AdviceOverdue:to.one@example.org", "sendworkflows.local");
        Assert.Equal($"<{expectedId}>", Header(received, "message-id"));
        Assert.Equal(result.ProviderMessageId, expectedId);
        Assert.Equal("o:EHC-1/AdviceOverdue:to.one@example.org", Header(received, "x-sendworkflows-outbox-key"));
    }

    [Fact]
    public void Message_id_depends_only_on_the_key()
    {
        var a = DeterministicMessageId.For("row-1", "example.org");

        Assert.Equal(a, DeterministicMessageId.For("row-1", "example.org"));
        Assert.NotEqual(a, DeterministicMessageId.For("row-2", "example.org"));
        Assert.Matches(@"^sw\.[0-9a-f]{32}@example\.org$", a);
    }

    [Fact]
    public async Task Unreachable_server_is_a_transient_failure()
    {
        var options = Options.Create(new SmtpEmailOptions { Host = "127.0.0.1", Port = LocalPorts.Free(), Timeout = TimeSpan.FromSeconds(5) });
        var sender = new SmtpEmailSender(Options.Create(TestRenderer.Options), options);

        var result = await sender.SendAsync(new EmailMessage(["a@example.org"], [], "s", "<p>h</p>", "t"), "key");

        Assert.Equal(EmailSendStatus.TransientFailure, result.Status);
        Assert.Contains("127.0.0.1", result.Error);
    }

    [Fact]
    public async Task Malformed_address_is_a_permanent_failure_naming_it()
    {
        var sender = new SmtpEmailSender(Options.Create(TestRenderer.Options), maildev.SmtpOptions());

        var result = await sender.SendAsync(new EmailMessage(["not an address"], [], "s", "<p>h</p>", "t"), "key");

        Assert.Equal(EmailSendStatus.PermanentFailure, result.Status);
        Assert.Contains("Invalid address", result.Error);
    }

    private static string? Header(JsonElement message, string name) =>
        message.GetProperty("headers").TryGetProperty(name, out var value) ? value.GetString() : null;
}
