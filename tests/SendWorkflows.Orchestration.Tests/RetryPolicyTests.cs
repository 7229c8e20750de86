using SendWorkflows.Orchestration;

namespace SendWorkflows.Orchestration.Tests;

public class RetryPolicyTests
{
    [Fact]
    public void Delays_grow_by_the_backoff_coefficient_and_stop_at_the_maximum()
    {
        var policy = new RetryPolicy(6, TimeSpan.FromMinutes(1), backoffCoefficient: 3, maxRetryInterval: TimeSpan.FromMinutes(20));

        var delays = Enumerable.Range(1, 5).Select(policy.DelayBeforeRetry).Select(d => d.TotalMinutes);

        Assert.Equal([1, 3, 9, 20, 20], delays);
    }

    [Fact]
    public void Without_a_coefficient_every_retry_waits_the_first_interval()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayBeforeRetry(1));
        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayBeforeRetry(2));
        Assert.Equal(TimeSpan.FromHours(1), policy.MaxRetryInterval);
        Assert.Equal(Timeout.InfiniteTimeSpan, policy.RetryTimeout);
    }

    [Theory]
    [InlineData(0, 1, 1.0)]
    [InlineData(1, 0, 1.0)]
    [InlineData(1, 1, 0.5)]
    public void Nonsense_settings_are_rejected(int attempts, int firstIntervalSeconds, double coefficient) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new RetryPolicy(attempts, TimeSpan.FromSeconds(firstIntervalSeconds), coefficient));

    [Fact]
    public void Task_options_carry_the_policy_and_sub_orchestration_options_the_instance_id()
    {
        var policy = new RetryPolicy(2, TimeSpan.FromSeconds(1));

        var options = TaskOptions.FromRetryPolicy(policy).WithInstanceId("case-7-child");

        Assert.Same(policy, options.Retry!.Policy);
        Assert.Equal("case-7-child", options.InstanceId);
    }
}
