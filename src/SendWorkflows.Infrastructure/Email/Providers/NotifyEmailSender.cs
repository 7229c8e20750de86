using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Notify.Client;
using Notify.Exceptions;

namespace SendWorkflows.Infrastructure.Email.Providers;

/// <summary>
/// Delivers through GOV.UK Notify. Notify sends from templates: one generic template shows our rendered subject
/// and plain-text body through the personalisation fields <c>subject</c> and <c>body</c>. Notify sends to one
/// address per call and has no Cc, which suits the outbox (one message per recipient). The outbox row key goes as
/// Notify's reference, so a duplicate is visible in Notify's dashboard.
/// </summary>
public sealed partial class NotifyEmailSender : IEmailSender
{
    private readonly NotificationClient client;
    private readonly NotifyEmailOptions options;

    public NotifyEmailSender(IOptions<NotifyEmailOptions> options)
    {
        this.options = options.Value;
        client = new NotificationClient(this.options.BaseUrl.ToString().TrimEnd('/'), this.options.ApiKey);
    }

    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (message.To.Count != 1 || message.Cc.Count != 0)
        {
            return EmailSendResult.Permanent(
                $"GOV.UK Notify sends to exactly one address per message; this one has {message.To.Count} To and {message.Cc.Count} Cc.");
        }

        var personalisation = new Dictionary<string, dynamic> { ["subject"] = message.Subject, ["body"] = message.TextBody };
        try
        {
            // The client takes no cancellation token; WaitAsync stops us waiting, not the request.
            var response = await client
                .SendEmailAsync(message.To[0], options.TemplateId, personalisation, idempotencyKey, options.EmailReplyToId)
                .WaitAsync(cancellationToken);
            return EmailSendResult.Sent(response.id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (NotifyAuthException ex)
        {
            return EmailSendResult.Permanent($"GOV.UK Notify refused the API key: {ex.Message}");
        }
        catch (NotifyClientException ex)
        {
            var status = StatusCode(ex.Message);
            return status is 429 or >= 500 or null
                ? EmailSendResult.Transient($"GOV.UK Notify: {ex.Message}")
                : EmailSendResult.Permanent($"GOV.UK Notify rejected the message: {ex.Message}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return EmailSendResult.Transient($"GOV.UK Notify unreachable at {options.BaseUrl}: {ex.Message}");
        }
    }

    /// <summary>The client reports HTTP errors only as text: "Status code 400. The following errors occured …".</summary>
    internal static int? StatusCode(string message)
    {
        var match = StatusCodePattern().Match(message);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"Status code (\d{3})")]
    private static partial Regex StatusCodePattern();
}
