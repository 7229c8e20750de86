using System.Text.Json;
using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Providers;
using SendWorkflows.Infrastructure.Tests.LocalServices;

namespace SendWorkflows.Infrastructure.Tests.Email;

/// <summary>The real GOV.UK Notify client against a local listener standing in for the Notify API.</summary>
public sealed class NotifyEmailSenderTests
{
    // Notify keys are "name-serviceId-secret"; these ids are made up.
    private const string ApiKey = "sendworkflows_test-7b7c3b5e-8a8e-4a4f-9d43-2f1c0c8e9a11-0d3f2c1b-4e5a-4b6c-8d7e-9f0a1b2c3d4e";
    private const string TemplateId = "f33517ff-2a88-4f6e-b855-c550268ce08a";

    private static readonly EmailMessage Message = new(["senco@oakfield.example.org"], [], "Review report overdue: case EHC-7", "<p>Report</p>", "Report\n\nPlease send it.");

    [Fact]
    public async Task Fills_the_generic_template_with_subject_and_text_body_and_passes_the_key_as_reference()
    {
        await using var notify = new ScriptedHttpListener(new ScriptedResponse(201, """
            {"id":"740e5834-3a29-46b4-9a6f-16142fde533a","reference":"key-1","uri":"https://example.org/n",
             "content":{"subject":"s","body":"b","from_email":"send@example.org"},
             "template":{"id":"f33517ff-2a88-4f6e-b855-c550268ce08a","version":1,"uri":"https://example.org/t"}}
            """));

        var result = await Sender(notify).SendAsync(Message, "key-1");

        Assert.Equal(EmailSendResult.Sent("740e5834-3a29-46b4-9a6f-16142fde533a"), result);
        var request = Assert.Single(notify.Received);
        Assert.Equal("/v2/notifications/email", request.Path);
        Assert.StartsWith("Bearer ", request.Headers["Authorization"], StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(request.Body);
        var root = payload.RootElement;
        Assert.Equal("senco@oakfield.example.org", root.GetProperty("email_address").GetString());
        Assert.Equal(TemplateId, root.GetProperty("template_id").GetString());
        Assert.Equal("key-1", root.GetProperty("reference").GetString());
        Assert.Equal("Review report overdue: case EHC-7", root.GetProperty("personalisation").GetProperty("subject").GetString());
        Assert.Equal("Report\n\nPlease send it.", root.GetProperty("personalisation").GetProperty("body").GetString());
    }

    [Fact]
    public async Task Rejected_request_is_permanent_and_rate_limit_transient()
    {
        await using var notify = new ScriptedHttpListener(
            new ScriptedResponse(400, """{"status_code":400,"errors":[{"error":"BadRequestError","message":"Can't send to this recipient using a team-only API key"}]}"""),
            new ScriptedResponse(429, """{"status_code":429,"errors":[{"error":"RateLimitError","message":"Exceeded rate limit"}]}"""));
        var sender = Sender(notify);

        var rejected = await sender.SendAsync(Message, "key-1");
        var limited = await sender.SendAsync(Message, "key-1");

        Assert.Equal(EmailSendStatus.PermanentFailure, rejected.Status);
        Assert.Contains("team-only API key", rejected.Error);
        Assert.Equal(EmailSendStatus.TransientFailure, limited.Status);
    }

    [Fact]
    public async Task More_than_one_recipient_is_refused_before_calling_notify()
    {
        await using var notify = new ScriptedHttpListener();

        var result = await Sender(notify).SendAsync(Message with { Cc = ["caseworker@example.org"] }, "key-1");

        Assert.Equal(EmailSendStatus.PermanentFailure, result.Status);
        Assert.Contains("exactly one address", result.Error);
        Assert.Empty(notify.Received);
    }

    private static NotifyEmailSender Sender(ScriptedHttpListener listener) =>
        new(Options.Create(new NotifyEmailOptions { ApiKey = ApiKey, TemplateId = TemplateId, BaseUrl = listener.BaseUrl }));
}
