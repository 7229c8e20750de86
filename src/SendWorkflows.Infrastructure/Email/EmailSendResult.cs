namespace SendWorkflows.Infrastructure.Email;

public enum EmailSendStatus
{
    /// <summary>The provider accepted the message.</summary>
    Sent,

    /// <summary>Worth trying again later: rate limits, timeouts, 5xx, lost connections.</summary>
    TransientFailure,

    /// <summary>Trying again cannot help (a rejected address or payload, bad credentials); the row is dead-lettered.</summary>
    PermanentFailure,
}

/// <summary>What a provider said about one message.</summary>
public sealed record EmailSendResult(EmailSendStatus Status, string? Error = null, TimeSpan? RetryAfter = null, string? ProviderMessageId = null)
{
    /// <summary>A failure after which the provider may still have the message (a send cut off before its answer).</summary>
    public bool MayHaveBeenDelivered { get; init; }

    public static EmailSendResult Sent(string? providerMessageId = null) => new(EmailSendStatus.Sent, ProviderMessageId: providerMessageId);

    public static EmailSendResult Transient(string error, TimeSpan? retryAfter = null) => new(EmailSendStatus.TransientFailure, error, retryAfter);

    public static EmailSendResult Permanent(string error) => new(EmailSendStatus.PermanentFailure, error);
}
