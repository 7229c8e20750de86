using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace SendWorkflows.Infrastructure.Email.Providers;

/// <summary>
/// Delivers through SendGrid's v3 mail/send API with the official client. SendGrid has no idempotency key: the
/// outbox row key travels as custom_args (visible in the activity feed and event webhook) and as a header, which
/// makes a duplicate after a crash traceable but does not prevent it (ADR 0041).
/// </summary>
public sealed class SendGridEmailSender : IEmailSender
{
    /// <summary>The custom_args name carrying the outbox row key.</summary>
    public const string OutboxKeyArg = "outbox_key";

    private const int MaxErrorLength = 600;

    private readonly Func<HttpClient> httpClients;
    private readonly SendGridClientOptions clientOptions;
    private readonly EmailOptions email;
    private readonly SendGridEmailOptions options;
    private readonly TimeProvider time;

    /// <param name="httpClients">A fresh client per send (IHttpClientFactory in the host), so a long-lived sender
    /// never holds on to one handler and its DNS answers.</param>
    public SendGridEmailSender(Func<HttpClient> httpClients, IOptions<EmailOptions> email, IOptions<SendGridEmailOptions> options, TimeProvider time)
    {
        this.httpClients = httpClients;
        this.email = email.Value;
        this.options = options.Value;
        this.time = time;
        clientOptions = new SendGridClientOptions
        {
            ApiKey = this.options.ApiKey,
            Host = this.options.BaseUrl.ToString().TrimEnd('/'),
        };
    }

    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var httpClient = httpClients();
        httpClient.Timeout = options.Timeout;
        var client = new SendGridClient(httpClient, clientOptions);
        Response response;
        try
        {
            response = await client.SendEmailAsync(ToSendGrid(message, idempotencyKey), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return EmailSendResult.Transient($"SendGrid unreachable at {options.BaseUrl}: {ex.Message}");
        }

        if (response.IsSuccessStatusCode)
        {
            return EmailSendResult.Sent(Header(response, "X-Message-Id"));
        }

        var status = (int)response.StatusCode;
        var body = await ReadBody(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return EmailSendResult.Transient($"SendGrid rate limit (429): {body}", RetryAfter(response));
        }

        return status >= 500
            ? EmailSendResult.Transient($"SendGrid {status}: {body}")
            : EmailSendResult.Permanent($"SendGrid rejected the message ({status}): {body}");
    }

    internal SendGridMessage ToSendGrid(EmailMessage message, string idempotencyKey)
    {
        var mail = new SendGridMessage { From = new EmailAddress(email.FromAddress, email.FromName) };
        mail.AddTos(message.To.Select(a => new EmailAddress(a)).ToList());
        if (message.Cc.Count > 0)
        {
            mail.AddCcs(message.Cc.Select(a => new EmailAddress(a)).ToList());
        }

        var replyTo = message.ReplyTo ?? (string.IsNullOrWhiteSpace(email.ContactAddress) ? null : email.ContactAddress);
        if (replyTo is not null)
        {
            mail.ReplyTo = new EmailAddress(replyTo);
        }

        if (string.IsNullOrWhiteSpace(options.TemplateId))
        {
            mail.Subject = message.Subject;
            mail.PlainTextContent = message.TextBody;
            mail.HtmlContent = message.HtmlBody;
        }
        else
        {
            // One generic dynamic template shows our rendered content; the wording stays in one place (our templates).
            mail.SetTemplateId(options.TemplateId);
            mail.SetTemplateData(new Dictionary<string, string>
            {
                ["subject"] = message.Subject,
                ["html"] = message.HtmlBody,
                ["text"] = message.TextBody,
            });
        }

        mail.AddCustomArg(OutboxKeyArg, idempotencyKey);
        mail.AddHeader(SmtpEmailSender.OutboxKeyHeader, idempotencyKey);
        if (options.SandboxMode)
        {
            mail.SetSandBoxMode(true);
        }

        return mail;
    }

    /// <summary>X-RateLimit-Reset is the Unix time (seconds) when the limit resets.</summary>
    private TimeSpan? RetryAfter(Response response)
    {
        var reset = Header(response, "X-RateLimit-Reset");
        if (!long.TryParse(reset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var unixSeconds))
        {
            return null;
        }

        var wait = DateTimeOffset.FromUnixTimeSeconds(unixSeconds) - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static string? Header(Response response, string name) =>
        response.Headers is not null && response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string> ReadBody(Response response, CancellationToken cancellationToken)
    {
        if (response.Body is null)
        {
            return "(no body)";
        }

        var body = await response.Body.ReadAsStringAsync(cancellationToken);
        return body.Length <= MaxErrorLength ? body : body[..MaxErrorLength] + "…";
    }
}
