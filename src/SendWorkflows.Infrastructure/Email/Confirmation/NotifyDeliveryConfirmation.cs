using Microsoft.Extensions.Options;
using Notify.Client;
using Notify.Exceptions;
using SendWorkflows.Infrastructure.Email.Providers;

namespace SendWorkflows.Infrastructure.Email.Confirmation;

/// <summary>
/// Asks GOV.UK Notify for e-mail notifications whose reference is the row key (the sender sets it). Notify records a
/// notification before answering the send, so there is no lag; it lists only the last 7 days, far longer than a lease.
/// </summary>
public sealed class NotifyDeliveryConfirmation : IDeliveryConfirmation
{
    private readonly NotificationClient client;
    private readonly NotifyEmailOptions options;

    public NotifyDeliveryConfirmation(IOptions<NotifyEmailOptions> options)
    {
        this.options = options.Value;
        client = new NotificationClient(this.options.BaseUrl.ToString().TrimEnd('/'), this.options.ApiKey);
    }

    public TimeSpan NotFoundTrustedAfter => TimeSpan.Zero;

    public async Task<DeliveryCheck> CheckAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        try
        {
            // The client takes no cancellation token; WaitAsync stops us waiting, not the request.
            var list = await client.GetNotificationsAsync(templateType: "email", reference: idempotencyKey).WaitAsync(cancellationToken);
            var found = list.notifications?.FirstOrDefault(n => n.reference == idempotencyKey);
            return found is null
                ? DeliveryCheck.NotFound("GOV.UK Notify has no e-mail with its reference.")
                : DeliveryCheck.Accepted($"GOV.UK Notify has the e-mail ({found.status}).", found.id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (NotifyAuthException ex)
        {
            return DeliveryCheck.Unknown($"GOV.UK Notify refused the API key: {ex.Message}");
        }
        catch (NotifyClientException ex)
        {
            var status = NotifyEmailSender.StatusCode(ex.Message);
            return status is 429 or >= 500 or null
                ? DeliveryCheck.Unavailable($"GOV.UK Notify: {ex.Message}")
                : DeliveryCheck.Unknown($"GOV.UK Notify refused the lookup: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return DeliveryCheck.Unavailable($"GOV.UK Notify unreachable at {options.BaseUrl}: {ex.Message}");
        }
    }
}
