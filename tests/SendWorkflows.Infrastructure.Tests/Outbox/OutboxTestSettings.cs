using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Infrastructure.Outbox;

namespace SendWorkflows.Infrastructure.Tests.Outbox;

/// <summary>The outbox settings and the starting clock the dispatcher tests share.</summary>
internal static class OutboxTestSettings
{
    public static readonly OutboxOptions Options = new()
    {
        MaxAttempts = 3,
        FirstRetryDelay = TimeSpan.FromMinutes(1),
        MaxRetryDelay = TimeSpan.FromHours(1),
        Lease = TimeSpan.FromMinutes(5),
    };

    /// <summary>Tuesday 17 March 2026, 07:00 UTC: the morning after the sample notifications' due date.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 3, 17, 7, 0, 0, TimeSpan.Zero));
}
