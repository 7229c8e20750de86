namespace SendWorkflows.Infrastructure.Email;

/// <summary>One e-mail provider (SendGrid, SMTP, GOV.UK Notify). Failures are results, not exceptions.</summary>
public interface IEmailSender
{
    /// <summary>
    /// Sends <paramref name="message"/>. <paramref name="idempotencyKey"/> identifies the outbox row: providers that
    /// can carry it do (Message-Id, custom_args, Notify reference) so a duplicate after a crash is recognisable.
    /// Throws only <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default);
}
