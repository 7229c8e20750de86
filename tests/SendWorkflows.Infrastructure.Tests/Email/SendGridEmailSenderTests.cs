using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Providers;
using SendWorkflows.Infrastructure.Tests.LocalServices;

namespace SendWorkflows.Infrastructure.Tests.Email;

/// <summary>The real SendGrid client against a local listener that checks the v3 payload.</summary>
public sealed class SendGridEmailSenderTests
{
    private static readonly EmailMessage Message = new(
        ["senco@oakfield.example.org"], ["caseworker@example.org"], "Review report overdue: case EHC-7", "<p>Report</p>", "Report");

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 12, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Sends_the_v3_payload_and_reports_the_message_id()
    {
        await using var sendGrid = new ScriptedHttpListener(new ScriptedResponse(202, "", new Dictionary<string, string> { ["X-Message-Id"] = "sg-123" }));

        var result = await Sender(sendGrid).SendAsync(Message, "o:EHC-7/x:senco@oakfield.example.org");

        Assert.Equal(EmailSendResult.Sent("sg-123"), result);
        var request = Assert.Single(sendGrid.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/mail/send", request.Path);
        Assert.Equal("Bearer SG.test-key", request.Headers["Authorization"]);
        using var payload = JsonDocument.Parse(request.Body);
        var root = payload.RootElement;
        var personalization = Assert.Single(root.GetProperty("personalizations").EnumerateArray());
        Assert.Equal("senco@oakfield.example.org", personalization.GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("caseworker@example.org", personalization.GetProperty("cc")[0].GetProperty("email").GetString());
        Assert.Equal("send.notifications@example.org", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Exampleshire SEND team", root.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal("send.team@example.org", root.GetProperty("reply_to").GetProperty("email").GetString());
        Assert.Equal("Review report overdue: case EHC-7", root.GetProperty("subject").GetString());
        var content = root.GetProperty("content").EnumerateArray().Select(c => (c.GetProperty("type").GetString(), c.GetProperty("value").GetString())).ToList();
        Assert.Equal([("text/plain", "Report"), ("text/html", "<p>Report</p>")], content);
        Assert.Equal("o:EHC-7/x:senco@oakfield.example.org", personalization.GetProperty("custom_args").GetProperty(SendGridEmailSender.OutboxKeyArg).GetString());
        Assert.False(root.TryGetProperty("mail_settings", out _));
    }

    [Fact]
    public async Task Sandbox_mode_and_dynamic_template_are_sent_when_configured()
    {
        await using var sendGrid = new ScriptedHttpListener(new ScriptedResponse(202));
        var options = new SendGridEmailOptions { ApiKey = "SG.test-key", BaseUrl = sendGrid.BaseUrl, SandboxMode = true, TemplateId = "d-generic" };

        var result = await Sender(sendGrid, options).SendAsync(Message, "key-1");

        Assert.Equal(EmailSendStatus.Sent, result.Status);
        using var payload = JsonDocument.Parse(Assert.Single(sendGrid.Received).Body);
        var root = payload.RootElement;
        Assert.True(root.GetProperty("mail_settings").GetProperty("sandbox_mode").GetProperty("enable").GetBoolean());
        Assert.Equal("d-generic", root.GetProperty("template_id").GetString());
        var data = root.GetProperty("personalizations")[0].GetProperty("dynamic_template_data");
        Assert.Equal("Review report overdue: case EHC-7", data.GetProperty("subject").GetString());
        Assert.Equal("<p>Report</p>", data.GetProperty("html").GetString());
        Assert.Equal("Report", data.GetProperty("text").GetString());
        Assert.False(root.TryGetProperty("content", out _));
    }

    [Fact]
    public async Task Rate_limit_is_transient_and_waits_until_the_reset_header()
    {
        var reset = time.GetUtcNow().AddSeconds(42).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await using var sendGrid = new ScriptedHttpListener(new ScriptedResponse(429, """{"errors":[{"message":"too many requests"}]}""", new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset }));

        var result = await Sender(sendGrid).SendAsync(Message, "key-1");

        Assert.Equal(EmailSendStatus.TransientFailure, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(42), result.RetryAfter);
        Assert.Contains("too many requests", result.Error);
    }

    [Fact]
    public async Task Bad_request_is_permanent_and_surfaces_the_reason()
    {
        await using var sendGrid = new ScriptedHttpListener(new ScriptedResponse(400, """{"errors":[{"message":"Does not contain a valid address.","field":"personalizations.0.to.0.email"}]}"""));

        var result = await Sender(sendGrid).SendAsync(Message, "key-1");

        Assert.Equal(EmailSendStatus.PermanentFailure, result.Status);
        Assert.Contains("400", result.Error);
        Assert.Contains("Does not contain a valid address.", result.Error);
    }

    [Fact]
    public async Task Server_error_is_transient()
    {
        await using var sendGrid = new ScriptedHttpListener(new ScriptedResponse(503, "busy"));

        var result = await Sender(sendGrid).SendAsync(Message, "key-1");

        Assert.Equal(EmailSendStatus.TransientFailure, result.Status);
        Assert.Null(result.RetryAfter);
    }

    private SendGridEmailSender Sender(ScriptedHttpListener listener, SendGridEmailOptions? options = null) => new(
        () => new HttpClient(),
        Options.Create(TestRenderer.Options),
        Options.Create(options ?? new SendGridEmailOptions { ApiKey = "SG.test-key", BaseUrl = listener.BaseUrl }),
        time);
}
