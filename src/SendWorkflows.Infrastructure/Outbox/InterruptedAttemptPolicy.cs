using SendWorkflows.Infrastructure.Email.Confirmation;

namespace SendWorkflows.Infrastructure.Outbox;

/// <summary>What the dispatcher does with a row whose interrupted attempt may have sent its message.</summary>
public enum TakeoverAction
{
    /// <summary>The provider has the message: mark the row sent without sending.</summary>
    MarkSent,

    /// <summary>The provider has no copy, or cannot say and the policy is to resend: send now.</summary>
    SendAgain,

    /// <summary>The provider's records may lag: leave the row pending until "not found" can be trusted.</summary>
    WaitForProvider,

    /// <summary>The provider could not be asked: retry later like a failed send (counts as an attempt).</summary>
    AskAgainLater,

    /// <summary>The provider cannot say and the policy is to hold: dead-letter it for a person to check.</summary>
    Hold,
}

/// <summary>A decision and why, in words for the row's <see cref="OutboxRow.LastError"/> and the logs.</summary>
public sealed record TakeoverDecision(TakeoverAction Action, string Reason, string? ProviderMessageId = null, DateTimeOffset? NotBefore = null);

/// <summary>
/// Decides what to do with an interrupted attempt from what the provider says (ADR 0044): a confirmed message is not
/// sent again; "not found" is trusted once the provider's records have caught up; when the provider cannot say,
/// <see cref="OutboxOptions.WhenUnconfirmed"/> chooses between a possible duplicate and holding the row.
/// </summary>
public sealed class InterruptedAttemptPolicy(IDeliveryConfirmation confirmation, WhenUnconfirmed whenUnconfirmed, TimeProvider time)
{
    /// <param name="attemptEndedAt">When the interrupted attempt's lease ended: it cannot have sent anything after.</param>
    public async Task<TakeoverDecision> DecideAsync(string idempotencyKey, DateTimeOffset attemptEndedAt, CancellationToken cancellationToken)
    {
        DeliveryCheck check;
        try
        {
            check = await confirmation.CheckAsync(idempotencyKey, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Confirmations report failures as results; anything else is a bug or an outage: ask again later.
            check = DeliveryCheck.Unavailable($"The lookup threw {ex.GetType().Name}: {ex.Message}");
        }

        var trustedFrom = attemptEndedAt + confirmation.NotFoundTrustedAfter;
        return check.Result switch
        {
            DeliveryCheckResult.Accepted => new(TakeoverAction.MarkSent, $"Confirmed by the provider: {check.Detail} Not sent again.", check.ProviderMessageId),
            DeliveryCheckResult.NotFound when time.GetUtcNow() < trustedFrom => new(
                TakeoverAction.WaitForProvider, $"{check.Detail} The provider's records may lag; asking again at {trustedFrom:O}.", NotBefore: trustedFrom),
            DeliveryCheckResult.NotFound => new(TakeoverAction.SendAgain, $"{check.Detail} Sending again."),
            DeliveryCheckResult.Unavailable => new(TakeoverAction.AskAgainLater, $"Could not confirm with the provider: {check.Detail}"),
            _ when whenUnconfirmed == WhenUnconfirmed.Hold => new(
                TakeoverAction.Hold,
                $"Held for a person to check whether the recipient has it: the provider cannot confirm ({check.Detail}). Requeue it to send it again (Email:Outbox:WhenUnconfirmed=Hold)."),
            _ => new(
                TakeoverAction.SendAgain,
                $"The provider cannot confirm ({check.Detail}); sending again, so the recipient may get a second copy with the same outbox key (Email:Outbox:WhenUnconfirmed=Resend)."),
        };
    }
}
