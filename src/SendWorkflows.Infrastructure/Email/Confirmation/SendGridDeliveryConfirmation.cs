using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email.Providers;

namespace SendWorkflows.Infrastructure.Email.Confirmation;

/// <summary>
/// Asks SendGrid's Email Activity API for messages whose custom argument <c>outbox_key</c> is the row key
/// (<c>GET /v3/messages?query=unique_args['outbox_key']="…"</c>; custom_args are queried as unique_args). The feed
/// lags by minutes, so "not found" is trusted only after <see cref="SendGridEmailOptions.EmailActivityLag"/>.
/// </summary>
public sealed class SendGridDeliveryConfirmation(Func<HttpClient> httpClients, IOptions<SendGridEmailOptions> options) : IDeliveryConfirmation
{
    private const int MaxErrorLength = 300;

    private readonly SendGridEmailOptions options = options.Value;

    public TimeSpan NotFoundTrustedAfter => options.EmailActivityLag;

    public async Task<DeliveryCheck> CheckAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var client = httpClients();
        client.Timeout = options.Timeout;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(options.BaseUrl, "v3/messages?limit=10&query=" + Uri.EscapeDataString(Query(idempotencyKey))));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                return DeliveryCheck.Unavailable($"SendGrid Email Activity answered {(int)response.StatusCode}: {await BodyAsync(response, cancellationToken)}");
            }

            if (!response.IsSuccessStatusCode)
            {
                // 401/403: no Email Activity add-on or the key lacks access; 400: a query it refused. Asking again will not help.
                return DeliveryCheck.Unknown($"SendGrid Email Activity refused the lookup ({(int)response.StatusCode}): {await BodyAsync(response, cancellationToken)}");
            }

            var found = await response.Content.ReadFromJsonAsync<ActivityResponse>(cancellationToken);
            var message = found?.Messages?.FirstOrDefault();
            return message is null
                ? DeliveryCheck.NotFound($"SendGrid's Email Activity has no message with its {SendGridEmailSender.OutboxKeyArg}.")
                : DeliveryCheck.Accepted($"SendGrid's Email Activity has the message ({message.Status ?? "no status"}).", message.MsgId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            return DeliveryCheck.Unavailable($"SendGrid Email Activity unreachable at {options.BaseUrl}: {ex.Message}");
        }
    }

    /// <summary>The activity query for the custom argument; a quote or backslash in the key is escaped.</summary>
    internal static string Query(string idempotencyKey) =>
        $"unique_args['{SendGridEmailSender.OutboxKeyArg}']=\"{idempotencyKey.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static async Task<string> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length <= MaxErrorLength ? body : body[..MaxErrorLength] + "…";
    }

    private sealed record ActivityResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("messages")] List<ActivityMessage>? Messages);

    private sealed record ActivityMessage(
        [property: System.Text.Json.Serialization.JsonPropertyName("msg_id")] string? MsgId,
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string? Status);
}
