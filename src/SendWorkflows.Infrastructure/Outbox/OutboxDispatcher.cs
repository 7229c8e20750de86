using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.Infrastructure.Email.Templates;

namespace SendWorkflows.Infrastructure.Outbox;

/// <summary>
/// What one <see cref="OutboxDispatcher.DispatchDueAsync"/> pass did. <paramref name="ClaimedByOthers"/> counts rows
/// another dispatcher claimed first (or, rarely, took over while this one was still sending).
/// </summary>
public readonly record struct DispatchCounts(int Sent, int Retrying, int DeadLettered, int ClaimedByOthers)
{
    public int Total => Sent + Retrying + DeadLettered + ClaimedByOthers;
}

/// <summary>
/// Delivers due outbox rows: claim (lease by ETag), send, mark. A row is sent by one dispatcher at a time; a failed
/// send is retried with exponential backoff and dead-lettered with its last error after
/// <see cref="OutboxOptions.MaxAttempts"/>; a claim whose dispatcher died is taken over when its lease lapses.
/// Before sending such a row again, the provider is asked whether it already has the message (ADR 0044); where it
/// cannot say, <see cref="OutboxOptions.WhenUnconfirmed"/> decides (ADR 0041's window).
/// </summary>
public sealed class OutboxDispatcher(
    TableOutboxStore store,
    IEmailSender sender,
    IDeliveryConfirmation confirmation,
    NotificationEmailRenderer renderer,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>How much of the lease a send may use; the rest is left for marking the row.</summary>
    private const double SendShareOfLease = 0.6;

    private readonly OutboxOptions options = options.Value;
    private readonly InterruptedAttemptPolicy policy = new(confirmation, options.Value.WhenUnconfirmed, time);
    private readonly string dispatcherId = options.Value.DispatcherId ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public string DispatcherId => dispatcherId;

    /// <summary>Sends what is due now. Cancelling leaves claimed rows to lapse and be taken over, never lost.</summary>
    public async Task<DispatchCounts> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var counts = new DispatchCounts();
        var due = new List<OutboxRow>();
        await foreach (var row in store.DueAsync(time.GetUtcNow(), options.BatchSize, cancellationToken))
        {
            due.Add(row);
        }

        foreach (var row in due)
        {
            var outcome = await DispatchAsync(row, cancellationToken);
            counts = outcome switch
            {
                OutboxStatus.Sent => counts with { Sent = counts.Sent + 1 },
                OutboxStatus.Pending => counts with { Retrying = counts.Retrying + 1 },
                OutboxStatus.DeadLettered => counts with { DeadLettered = counts.DeadLettered + 1 },
                _ => counts with { ClaimedByOthers = counts.ClaimedByOthers + 1 },
            };
        }

        return counts;
    }

    /// <returns>The row's new status, or null when another dispatcher holds or changed it.</returns>
    private async Task<OutboxStatus?> DispatchAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var next = row.Status == OutboxStatus.Sending ? TakenOver(row) : row;
        if (next.UnconfirmedAttemptEndedAt is { } attemptEndedAt)
        {
            // Ask before claiming: the ETag-conditioned write of the outcome still lets only one dispatcher act.
            var decision = await policy.DecideAsync(row.Id, attemptEndedAt, cancellationToken);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Outbox row {RowId}: interrupted attempt, {Action}: {Reason}", row.LogId, decision.Action, decision.Reason);
            }

            // A row waiting after an earlier look-up has a previous decision in LastError: replace it, not append.
            var interruption = row.Status == OutboxStatus.Sending ? next.LastError : "An interrupted attempt may have sent the message.";
            next = next with { LastError = $"{interruption} {decision.Reason}" };
            if (decision.Action != TakeoverAction.SendAgain)
            {
                return await ResolveWithoutSendingAsync(row, next, decision);
            }

            next = next with { UnconfirmedAttemptEndedAt = null };
        }

        var claimed = await ClaimAsync(row, next, cancellationToken);
        if (claimed is null)
        {
            return null;
        }

        if (claimed.Status == OutboxStatus.DeadLettered)
        {
            return OutboxStatus.DeadLettered;
        }

        var notification = await store.NotificationForAsync(claimed, cancellationToken);
        if (notification is null)
        {
            return await FinishAsync(claimed, EmailSendResult.Permanent($"The recorded notification '{claimed.NotificationKey}' is missing."));
        }

        EmailMessage message;
        try
        {
            message = renderer.MessageFor(notification, claimed.Recipient);
        }
        catch (ArgumentException ex)
        {
            // Retrying cannot help a notification we cannot word (a kind added without wording).
            return await FinishAsync(claimed, EmailSendResult.Permanent($"Could not render the e-mail: {ex.Message}"));
        }

        var result = await SendWithinLeaseAsync(message, claimed, cancellationToken);
        return await FinishAsync(claimed, result);
    }

    /// <summary>
    /// A row whose claim lapsed: its dispatcher died, perhaps after the provider accepted the message. Recorded as an
    /// interrupted attempt whose fate the provider is asked about before anything is sent again (ADR 0044).
    /// </summary>
    private OutboxRow TakenOver(OutboxRow row)
    {
        logger.LogWarning(
            "Outbox row {RowId}: the attempt claimed by {Owner} never finished; it may or may not have sent. Taking it over.",
            row.LogId, row.LeaseOwner);
        return row with
        {
            InterruptedAttempts = row.InterruptedAttempts + 1,
            UnconfirmedAttemptEndedAt = row.LeaseUntil ?? time.GetUtcNow(),
            LastError = $"Attempt {row.Attempts} by {row.LeaseOwner} was interrupted after claiming; it may have sent the message.",
        };
    }

    /// <summary>Takes the row (as <paramref name="next"/>) for this dispatcher, or returns null if another one got there first.</summary>
    private async Task<OutboxRow?> ClaimAsync(OutboxRow row, OutboxRow next, CancellationToken cancellationToken)
    {
        var released = next with { LeaseOwner = null, LeaseUntil = null };
        if (row.Attempts >= options.MaxAttempts)
        {
            var dead = released with { Status = OutboxStatus.DeadLettered, LastError = $"Gave up after {row.Attempts} attempts. {next.LastError}" };
            return await store.TryReplaceAsync(row, dead, cancellationToken);
        }

        var claim = next with
        {
            Status = OutboxStatus.Sending,
            Attempts = row.Attempts + 1,
            LeaseOwner = dispatcherId,
            LeaseUntil = time.GetUtcNow() + options.Lease,
        };
        return await store.TryReplaceAsync(row, claim, cancellationToken);
    }

    /// <summary>Stores the outcome of an interrupted attempt that is not to be sent now.</summary>
    private async Task<OutboxStatus?> ResolveWithoutSendingAsync(OutboxRow row, OutboxRow next, TakeoverDecision decision)
    {
        var now = time.GetUtcNow();
        var released = next with { LeaseOwner = null, LeaseUntil = null };
        var outcome = decision.Action switch
        {
            TakeoverAction.MarkSent => released with
            {
                Status = OutboxStatus.Sent,
                SentAt = now,
                ProviderMessageId = decision.ProviderMessageId ?? row.ProviderMessageId,
                ConfirmedAfterInterruption = true,
                UnconfirmedAttemptEndedAt = null,
            },
            TakeoverAction.WaitForProvider => released with { Status = OutboxStatus.Pending, NextAttemptAt = decision.NotBefore ?? now },
            TakeoverAction.Hold => released with { Status = OutboxStatus.DeadLettered, UnconfirmedAttemptEndedAt = null },
            // Asking failed: counted like a failed send, so a lookup that never answers ends in a dead letter.
            _ when row.Attempts + 1 >= options.MaxAttempts => released with
            {
                Status = OutboxStatus.DeadLettered,
                Attempts = row.Attempts + 1,
                LastError = $"Gave up after {row.Attempts + 1} attempts. {next.LastError}",
            },
            _ => released with
            {
                Status = OutboxStatus.Pending,
                Attempts = row.Attempts + 1,
                NextAttemptAt = now + RetryDelay(row.Attempts + 1, null),
            },
        };

        // Like a mark, this must be stored even if the host is stopping: the lookup already happened.
        var stored = await store.TryReplaceAsync(row, outcome, CancellationToken.None);
        if (stored is null)
        {
            return null;
        }

        if (outcome.Status == OutboxStatus.DeadLettered)
        {
            logger.LogError("Outbox row {RowId} dead-lettered: {Error}", row.LogId, outcome.LastError);
        }

        return outcome.Status;
    }

    private async Task<EmailSendResult> SendWithinLeaseAsync(EmailMessage message, OutboxRow row, CancellationToken cancellationToken)
    {
        // Give up on a slow send well before the lease lapses, so no other dispatcher takes the row over while
        // this one might still be sending it.
        using var timeout = new CancellationTokenSource(options.Lease * SendShareOfLease, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await sender.SendAsync(message, row.Id, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return EmailSendResult.Transient($"The send did not finish within {options.Lease * SendShareOfLease}; it may have been delivered.")
                with { MayHaveBeenDelivered = true };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Senders report failures as results; anything else is a bug or an outage worth retrying, not losing.
            logger.LogError(ex, "Outbox row {RowId}: the sender threw.", row.LogId);
            return EmailSendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<OutboxStatus?> FinishAsync(OutboxRow claimed, EmailSendResult result)
    {
        var now = time.GetUtcNow();
        var released = claimed with { LeaseOwner = null, LeaseUntil = null };
        var next = result.Status switch
        {
            EmailSendStatus.Sent => released with
            {
                Status = OutboxStatus.Sent,
                SentAt = now,
                ProviderMessageId = result.ProviderMessageId,
            },
            EmailSendStatus.PermanentFailure => released with { Status = OutboxStatus.DeadLettered, LastError = result.Error },
            _ when claimed.Attempts >= options.MaxAttempts => released with
            {
                Status = OutboxStatus.DeadLettered,
                LastError = $"Gave up after {claimed.Attempts} attempts. Last error: {result.Error}",
            },
            _ => released with
            {
                Status = OutboxStatus.Pending,
                NextAttemptAt = now + RetryDelay(claimed.Attempts, result.RetryAfter),
                LastError = result.Error,
                // A send cut off mid-way is treated like an interrupted attempt: the provider is asked before the retry.
                UnconfirmedAttemptEndedAt = result.MayHaveBeenDelivered ? now : null,
            },
        };

        // Marking must happen even if the host is stopping: the send already happened.
        var stored = await store.TryReplaceAsync(claimed, next, CancellationToken.None);
        if (stored is null)
        {
            logger.LogError(
                "Outbox row {RowId}: lost the lease before marking it {Status}; another dispatcher may send it again.",
                claimed.LogId, next.Status);
            return null;
        }

        if (next.Status == OutboxStatus.DeadLettered)
        {
            logger.LogError("Outbox row {RowId} dead-lettered: {Error}", claimed.LogId, next.LastError);
        }
        else if (next.Status == OutboxStatus.Pending)
        {
            logger.LogWarning("Outbox row {RowId}: attempt {Attempt} failed, retrying at {NextAttemptAt}: {Error}", claimed.LogId, claimed.Attempts, next.NextAttemptAt, next.LastError);
        }

        return next.Status;
    }

    private TimeSpan RetryDelay(int failedAttempts, TimeSpan? retryAfter)
    {
        var backoff = RetryBackoff.After(failedAttempts, options.FirstRetryDelay, options.MaxRetryDelay);
        return retryAfter is { } wait && wait > backoff ? wait : backoff;
    }
}
