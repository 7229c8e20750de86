using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SendWorkflows.Infrastructure.Email.Providers;

/// <summary>
/// Delivers through an SMTP server with MailKit (MailDev locally). Every message gets a Message-Id derived from the
/// outbox row, so a copy re-sent after a crash is recognisably the same message.
/// </summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> email, IOptions<SmtpEmailOptions> smtp) : IEmailSender
{
    /// <summary>Carries the outbox row key, so a received message can be traced back to its row.</summary>
    public const string OutboxKeyHeader = "X-SendWorkflows-Outbox-Key";

    private readonly EmailOptions email = email.Value;
    private readonly SmtpEmailOptions smtp = smtp.Value;

    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        MimeMessage mime;
        try
        {
            mime = ToMime(message, idempotencyKey);
        }
        catch (ParseException ex)
        {
            return EmailSendResult.Permanent($"Invalid address in the message: {ex.Message}");
        }

        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, SecurityOption(), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return EmailSendResult.Permanent($"SMTP {(int)ex.StatusCode} ({ex.ErrorCode}): {ex.Message}");
        }
        catch (SmtpCommandException ex)
        {
            return EmailSendResult.Transient($"SMTP {(int)ex.StatusCode} ({ex.ErrorCode}): {ex.Message}");
        }
        catch (AuthenticationException ex)
        {
            return EmailSendResult.Permanent($"SMTP authentication failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException or OperationCanceledException)
        {
            return EmailSendResult.Transient($"SMTP connection to {smtp.Host}:{smtp.Port} failed: {ex.Message}");
        }

        // The server has the message: a failure to say goodbye must not turn a delivery into a retry.
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException)
        {
        }

        return EmailSendResult.Sent(mime.MessageId);
    }

    internal MimeMessage ToMime(EmailMessage message, string idempotencyKey)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = DeterministicMessageId.For(idempotencyKey, smtp.MessageIdDomain),
            Body = new BodyBuilder { HtmlBody = message.HtmlBody, TextBody = message.TextBody }.ToMessageBody(),
        };
        mime.From.Add(new MailboxAddress(email.FromName, email.FromAddress));
        mime.To.AddRange(message.To.Select(MailboxAddress.Parse));
        mime.Cc.AddRange(message.Cc.Select(MailboxAddress.Parse));
        var replyTo = message.ReplyTo ?? NullIfEmpty(email.ContactAddress);
        if (replyTo is not null)
        {
            mime.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        mime.Headers.Add(OutboxKeyHeader, idempotencyKey);
        return mime;
    }

    private SecureSocketOptions SecurityOption() => smtp.Security.ToUpperInvariant() switch
    {
        "NONE" => SecureSocketOptions.None,
        "STARTTLS" => SecureSocketOptions.StartTls,
        "SSLONCONNECT" => SecureSocketOptions.SslOnConnect,
        "AUTO" => SecureSocketOptions.Auto,
        _ => throw new InvalidOperationException($"Email:Smtp:Security must be None, StartTls, SslOnConnect or Auto, not '{smtp.Security}'."),
    };

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
