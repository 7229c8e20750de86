namespace SendWorkflows.Infrastructure.Outbox;

/// <summary>What to do when the provider cannot say whether an interrupted attempt sent its message (ADR 0044).</summary>
public enum WhenUnconfirmed
{
    /// <summary>Send again: a possible duplicate, recognisable by its outbox key, rather than a possible loss.</summary>
    Resend,

    /// <summary>Dead-letter the row with the reason, for a person to check with the recipient and requeue.</summary>
    Hold,
}

/// <summary>The <c>Email:Outbox</c> section.</summary>
public sealed record OutboxOptions
{
    /// <summary>The table holding notifications and outbox rows.</summary>
    public string TableName { get; init; } = "Notifications";

    /// <summary>Storage connection string; falls back to <c>ConnectionStrings:Storage</c>. Never in code.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Attempts before a row that keeps failing is dead-lettered.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The delay after the first failure; it doubles with each further failure.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How long a claim holds a row. A send is cancelled well before the lease ends, so another dispatcher takes
    /// the row over only when the claimer has died (ADR 0041).
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows claimed per <see cref="OutboxDispatcher.DispatchDueAsync"/>.</summary>
    public int BatchSize { get; init; } = 50;

    /// <summary>How often the hosted dispatcher looks for due rows.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When taking over an interrupted attempt and the provider cannot confirm whether it sent (plain SMTP, SendGrid
    /// without Email Activity, a refused lookup): <see cref="WhenUnconfirmed.Resend"/> or <see cref="WhenUnconfirmed.Hold"/>.
    /// </summary>
    public WhenUnconfirmed WhenUnconfirmed { get; init; } = WhenUnconfirmed.Resend;

    /// <summary>Names this dispatcher in leases; defaults to machine name and process id.</summary>
    public string? DispatcherId { get; init; }
}
