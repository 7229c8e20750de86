using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SendWorkflows.Infrastructure.Email.Confirmation;

/// <summary>
/// Asks MailDev (local runs, tests, the crash proof) through its REST API whether it holds the message with the
/// row's deterministic Message-Id (<c>GET {MailDevApiUrl}/api/email?headers.message-id=…</c>). MailDev stores a message
/// before answering DATA, so there is no lag.
/// </summary>
public sealed class MailDevDeliveryConfirmation(Func<HttpClient> httpClients, IOptions<SmtpEmailOptions> smtp) : IDeliveryConfirmation
{
    private readonly SmtpEmailOptions smtp = smtp.Value;

    public TimeSpan NotFoundTrustedAfter => TimeSpan.Zero;

    public async Task<DeliveryCheck> CheckAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var baseUrl = smtp.MailDevApiUrl ?? throw new InvalidOperationException("Email:Smtp:MailDevApiUrl is not set.");
        var messageId = DeterministicMessageId.For(idempotencyKey, smtp.MessageIdDomain);
        // MailDev 3 filters on any field of its stored message (dot notation); the list has the Message-Id only
        // among the headers, with its angle brackets.
        var url = new Uri(baseUrl, $"api/email?headers.message-id={Uri.EscapeDataString($"<{messageId}>")}");
        var client = httpClients();
        client.Timeout = smtp.Timeout;
        List<JsonElement>? messages;
        try
        {
            messages = await client.GetFromJsonAsync<List<JsonElement>>(url, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            return DeliveryCheck.Unavailable($"MailDev at {baseUrl} could not be asked: {ex.Message}");
        }

        // Check each answer ourselves too, in case a MailDev version ignores the filter.
        return (messages ?? []).Any(m => HasMessageId(m, messageId))
            ? DeliveryCheck.Accepted("MailDev holds a message with its Message-Id.", $"<{messageId}>")
            : DeliveryCheck.NotFound("MailDev holds no message with its Message-Id.");
    }

    private static bool HasMessageId(JsonElement message, string messageId) =>
        Matches(Text(message, "messageId"), messageId)
        || (message.TryGetProperty("headers", out var headers) && Matches(Text(headers, "message-id"), messageId));

    private static bool Matches(string? value, string messageId) =>
        value is not null && string.Equals(value.Trim().Trim('<', '>'), messageId, StringComparison.Ordinal);

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
