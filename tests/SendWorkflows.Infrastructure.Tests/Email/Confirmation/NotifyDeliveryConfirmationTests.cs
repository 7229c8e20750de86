using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.Infrastructure.Tests.LocalServices;

namespace SendWorkflows.Infrastructure.Tests.Email.Confirmation;

/// <summary>The real GOV.UK Notify client's notification search against a local listener standing in for Notify.</summary>
public sealed class NotifyDeliveryConfirmationTests
{
    // Notify keys are "name-serviceId-secret"; these ids are made up.
    private const string ApiKey = "sendworkflows_test-7b7c3b5e-8a8e-4a4f-9d43-2f1c0c8e9a11-0d3f2c1b-4e5a-4b6c-8d7e-9f0a1b2c3d4e";
    private const string Key = "o:EHC-7/x:senco@oakfield.example.org";

    [Fact]
    public async Task Searches_email_notifications_by_reference_and_reports_a_match_as_accepted()
    {
        await using var notify = new ScriptedHttpListener(new ScriptedResponse(200, $$$"""
            {"notifications":[{"id":"740e5834-3a29-46b4-9a6f-16142fde533a","reference":"{{{Key}}}","type":"email","status":"delivered",
              "email_address":"senco@oakfield.example.org","template":{"id":"f33517ff-2a88-4f6e-b855-c550268ce08a","version":1,"uri":"https://example.org/t"},
              "body":"b","subject":"s","created_at":"2026-03-12T09:00:00.000000Z"}],
             "links":{"current":"https://example.org/v2/notifications"}}
            """));

        var check = await Confirmation(notify).CheckAsync(Key);

        Assert.Equal((DeliveryCheckResult.Accepted, "740e5834-3a29-46b4-9a6f-16142fde533a"), (check.Result, check.ProviderMessageId));
        Assert.Contains("delivered", check.Detail);
        var request = Assert.Single(notify.Received);
        Assert.Equal(("GET", "/v2/notifications"), (request.Method, request.Path));
        Assert.Contains("template_type=email", request.Query);
        Assert.Contains($"reference={Key}", request.Query);
        Assert.StartsWith("Bearer ", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_notification_with_the_reference_is_not_found_at_once()
    {
        await using var notify = new ScriptedHttpListener(new ScriptedResponse(200, """{"notifications":[],"links":{"current":"https://example.org/v2/notifications"}}"""));
        var confirmation = Confirmation(notify);

        var check = await confirmation.CheckAsync(Key);

        Assert.Equal(DeliveryCheckResult.NotFound, check.Result);
        Assert.Equal(TimeSpan.Zero, confirmation.NotFoundTrustedAfter);
    }

    [Fact]
    public async Task A_refused_lookup_is_unknown_and_a_server_error_unavailable()
    {
        await using var notify = new ScriptedHttpListener(
            new ScriptedResponse(403, """{"status_code":403,"errors":[{"error":"AuthError","message":"Invalid token: API key not found"}]}"""),
            new ScriptedResponse(500, """{"status_code":500,"errors":[{"error":"Exception","message":"Internal server error"}]}"""));
        var confirmation = Confirmation(notify);

        var refused = await confirmation.CheckAsync(Key);
        var failing = await confirmation.CheckAsync(Key);

        Assert.Equal((DeliveryCheckResult.Unknown, DeliveryCheckResult.Unavailable), (refused.Result, failing.Result));
        Assert.Contains("API key not found", refused.Detail);
    }

    private static NotifyDeliveryConfirmation Confirmation(ScriptedHttpListener listener) =>
        new(Options.Create(new NotifyEmailOptions { ApiKey = ApiKey, TemplateId = "f33517ff-2a88-4f6e-b855-c550268ce08a", BaseUrl = listener.BaseUrl }));
}
