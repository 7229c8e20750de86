using Microsoft.DurableTask;

namespace SendWorkflows.Benchmarks;

/// <summary>The measured workflow: a durable timer, an activity, then an external event.</summary>
sealed class TimerActivityEvent : TaskOrchestrator<TimeSpan, double>
{
    public override async Task<double> RunAsync(TaskOrchestrationContext context, TimeSpan delay)
    {
        var fireAt = context.CurrentUtcDateTime + delay;
        await context.CreateTimer(fireAt, CancellationToken.None);
        var lag = (context.CurrentUtcDateTime - fireAt).TotalMilliseconds; // when the episode ran vs when it was due
        await context.CallActivityAsync<string>(nameof(Touch), context.InstanceId);
        await context.WaitForExternalEvent<string>("Go");
        return lag;
    }
}

sealed class Touch : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input);
}

/// <summary>A year of a long-lived case: monthly request, reminder race against the reply, then on to the next.</summary>
sealed class YearLongCase : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int months)
    {
        var replies = 0;
        for (var month = 0; month < months; month++)
        {
            await context.CreateTimer(TimeSpan.FromDays(30), CancellationToken.None);
            await context.CallActivityAsync<string>(nameof(Touch), $"{context.InstanceId}/{month}");
            try
            {
                await context.WaitForExternalEvent<string>("Reply", TimeSpan.FromDays(7));
                replies++;
            }
            catch (TaskCanceledException)
            {
                await context.CallActivityAsync<string>(nameof(Touch), $"{context.InstanceId}/{month}/reminder");
            }
        }

        return replies;
    }
}
