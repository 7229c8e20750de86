namespace SendWorkflows.Infrastructure.Outbox;

/// <summary>Exponential backoff: the first retry after <c>first</c>, doubling, never more than <c>max</c>.</summary>
public static class RetryBackoff
{
    /// <param name="failedAttempts">Attempts made so far, all failed (1 after the first failure).</param>
    public static TimeSpan After(int failedAttempts, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var exponent = Math.Min(failedAttempts - 1, 20);
        var delay = first * Math.Pow(2, exponent);
        return delay > max ? max : delay;
    }
}
