using SendWorkflows.Infrastructure.Email;

namespace SendWorkflows.Infrastructure.Tests.Outbox;

/// <summary>Sends for real, then dies before the dispatcher can mark the row: the process-crash window.</summary>
internal sealed class CrashAfterSendSender(IEmailSender inner, CancellationTokenSource process) : IEmailSender
{
    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var result = await inner.SendAsync(message, idempotencyKey, cancellationToken);
        await process.CancelAsync();
        throw new OperationCanceledException("The process died after sending.", process.Token);
    }
}

/// <summary>Dies after claiming and before sending: an interrupted attempt that sent nothing.</summary>
internal sealed class CrashBeforeSendSender(CancellationTokenSource process) : IEmailSender
{
    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await process.CancelAsync();
        throw new OperationCanceledException("The process died before sending.", process.Token);
    }
}

/// <summary>Answers every send with the same result and counts the calls.</summary>
internal sealed class FixedResultSender(EmailSendResult result) : IEmailSender
{
    public int Calls { get; private set; }

    public Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(result);
    }
}

/// <summary>A send that never answers until it is cancelled, as a provider that accepted the message but hung would.</summary>
internal sealed class HangingSender : IEmailSender
{
    readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => started.Task;

    public async Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken)
    {
        started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return EmailSendResult.Sent();
    }
}
