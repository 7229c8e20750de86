using Microsoft.DurableTask;
using SendWorkflows.Runtime.Execution;

namespace SendWorkflows.Runtime.Tests;

/// <summary>The back-off the embedded runtime waits between attempts of a <see cref="RetryPolicy"/>.</summary>
public class RetryDelayTests
{
    [Fact]
    public void Delays_grow_by_the_backoff_coefficient_and_stop_at_the_maximum()
    {
        var policy = new RetryPolicy(6, TimeSpan.FromMinutes(1), backoffCoefficient: 3, maxRetryInterval: TimeSpan.FromMinutes(20));

        var delays = Enumerable.Range(1, 5).Select(attempt => SessionContext.DelayBeforeRetry(policy, attempt)).Select(d => d.TotalMinutes);

        Assert.Equal([1, 3, 9, 20, 20], delays);
    }

    [Fact]
    public void Without_a_coefficient_every_retry_waits_the_first_interval()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), SessionContext.DelayBeforeRetry(policy, 1));
        Assert.Equal(TimeSpan.FromSeconds(30), SessionContext.DelayBeforeRetry(policy, 2));
    }
}
