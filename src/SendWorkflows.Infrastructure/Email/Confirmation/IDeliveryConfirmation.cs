namespace SendWorkflows.Infrastructure.Email.Confirmation;

/// <summary>
/// Asks the provider whether it already accepted the message of an outbox row. The outbox asks only when it takes
/// over an interrupted attempt (the dispatcher died between sending and marking), so it can mark the row sent
/// instead of sending a second copy (ADR 0044).
/// </summary>
public interface IDeliveryConfirmation
{
    /// <summary>
    /// How long after an attempt ended the provider may still not show a message it accepted (SendGrid's activity
    /// feed lags by minutes). A <see cref="DeliveryCheckResult.NotFound"/> before then is not yet trusted.
    /// </summary>
    TimeSpan NotFoundTrustedAfter { get; }

    /// <summary>
    /// Whether the provider has a message carrying <paramref name="idempotencyKey"/> (the outbox row key given to
    /// <see cref="IEmailSender.SendAsync"/>). Failures are results, not exceptions; throws only
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<DeliveryCheck> CheckAsync(string idempotencyKey, CancellationToken cancellationToken = default);
}

public enum DeliveryCheckResult
{
    /// <summary>The provider has the message: it must not be sent again.</summary>
    Accepted,

    /// <summary>The provider has no such message (subject to <see cref="IDeliveryConfirmation.NotFoundTrustedAfter"/>).</summary>
    NotFound,

    /// <summary>The provider cannot say (plain SMTP, no activity add-on, a refused lookup): policy decides.</summary>
    Unknown,

    /// <summary>The provider could not be asked just now (timeout, 5xx, rate limit): ask again later.</summary>
    Unavailable,
}

/// <summary>What the provider said about one message; <paramref name="Detail"/> says why, for the row and logs.</summary>
public sealed record DeliveryCheck(DeliveryCheckResult Result, string Detail, string? ProviderMessageId = null)
{
    public static DeliveryCheck Accepted(string detail, string? providerMessageId = null) => new(DeliveryCheckResult.Accepted, detail, providerMessageId);

    public static DeliveryCheck NotFound(string detail) => new(DeliveryCheckResult.NotFound, detail);

    public static DeliveryCheck Unknown(string detail) => new(DeliveryCheckResult.Unknown, detail);

    public static DeliveryCheck Unavailable(string detail) => new(DeliveryCheckResult.Unavailable, detail);
}

/// <summary>For providers that cannot be asked (plain SMTP relays, SendGrid without the activity add-on).</summary>
public sealed class NoDeliveryConfirmation(string why) : IDeliveryConfirmation
{
    public TimeSpan NotFoundTrustedAfter => TimeSpan.Zero;

    public Task<DeliveryCheck> CheckAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeliveryCheck.Unknown(why));
}
