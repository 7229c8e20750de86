using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.Email.Confirmation;

/// <summary>The Email Activity lookup against a local listener standing in for SendGrid's API.</summary>
public sealed class SendGridDeliveryConfirmationTests
{
    private const string Key = "o:EHC-7/x:senco@oakfield.example.org";

    [Fact]
    public async Task Asks_the_activity_feed_for_the_outbox_key_and_reports_a_found_message_as_accepted()
    {
        await using var sendGrid = new ScriptedHttpListener(new ScriptedResponse(200, """
            {"messages":[{"from_email":"send@example.org","msg_id":"sg-msg-1.filter0001","subject":"s","to_email":"senco@oakfield.example.org",
              "status":"delivered","opens_count":0,"clicks_count":0,"last_event_time":"2026-03-12T09:00:00Z"}]}
            """));

        var check = await Confirmation(sendGrid).CheckAsync(Key);

        Assert.Equal((DeliveryCheckResult.Accepted, "sg-msg-1.filter0001"), (check.Result, check.ProviderMessageId));
        Assert.Contains("delivered", check.Detail);
        var request = Assert.Single(sendGrid.Received);
        Assert.Equal(("GET", "/v3/messages"), (request.Method, request.Path));
        Assert.Equal("Bearer SG.activity-key", request.Headers["Authorization"]);
        Assert.Equal($"limit=10&query=unique_args['outbox_key']=\"{Key}\"", request.Query);
    }

    [Fact]
    public async Task No_message_is_not_found_and_is_trusted_only_after_the_configured_lag()
    {
        await using var sendGrid = new ScriptedHttpListener(new ScriptedResponse(200, """{"messages":[]}"""));
        var confirmation = Confirmation(sendGrid, TimeSpan.FromMinutes(20));

        var check = await confirmation.CheckAsync(Key);

        Assert.Equal(DeliveryCheckResult.NotFound, check.Result);
        Assert.Equal(TimeSpan.FromMinutes(20), confirmation.NotFoundTrustedAfter);
        Assert.DoesNotContain("@", check.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, DeliveryCheckResult.Unknown)]
    [InlineData(403, DeliveryCheckResult.Unknown)]
    [InlineData(400, DeliveryCheckResult.Unknown)]
    [InlineData(429, DeliveryCheckResult.Unavailable)]
    [InlineData(503, DeliveryCheckResult.Unavailable)]
    public async Task A_refused_lookup_is_unknown_and_a_failing_one_unavailable(int status, DeliveryCheckResult expected)
    {
        await using var sendGrid = new ScriptedHttpListener(new ScriptedResponse(status, """{"errors":[{"message":"access forbidden"}]}"""));

        var check = await Confirmation(sendGrid).CheckAsync(Key);

        Assert.Equal(expected, check.Result);
        Assert.Contains("access forbidden", check.Detail);
    }

    [Fact]
    public async Task An_unreachable_api_is_unavailable()
    {
        var closed = new Uri($"http://127.0.0.1:{LocalPorts.Free()}/");

        var check = await new SendGridDeliveryConfirmation(() => new HttpClient(), Options.Create(new SendGridEmailOptions { ApiKey = "SG.k", BaseUrl = closed })).CheckAsync(Key);

        Assert.Equal(DeliveryCheckResult.Unavailable, check.Result);
    }

    [Fact]
    public void Quotes_in_a_key_are_escaped_in_the_query()
    {
        Assert.Equal("unique_args['outbox_key']=\"a\\\"b\\\\c\"", SendGridDeliveryConfirmation.Query("a\"b\\c"));
    }

    private static SendGridDeliveryConfirmation Confirmation(ScriptedHttpListener listener, TimeSpan? lag = null) => new(
        () => new HttpClient(),
        Options.Create(new SendGridEmailOptions
        {
            ApiKey = "SG.activity-key",
            BaseUrl = listener.BaseUrl,
            ConfirmWithEmailActivity = true,
            EmailActivityLag = lag ?? TimeSpan.FromMinutes(15),
        }));
}
