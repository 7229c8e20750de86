using Microsoft.DurableTask;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Council;

/// <summary>The Monday whose digest is next.</summary>
public sealed record WeeklyDigestInput(DateOnly Monday)
{
    public static WeeklyDigestInput FirstOnOrAfter(DateOnly day) =>
        new(day.AddDays(((int)DayOfWeek.Monday - (int)day.DayOfWeek + 7) % 7));
}

/// <summary>
/// Sends the assistant director the weekly digest of annual reviews every Monday (the next working day when Monday
/// is a bank holiday), forever. Instance <see cref="InstanceId"/>.
/// </summary>
public sealed class WeeklyDigestOrchestrator : TaskOrchestrator<WeeklyDigestInput, int>
{
    public const string InstanceId = "council:weekly-digest";
    public const int DueSoonWeeks = 4;

    public override async Task<int> RunAsync(TaskOrchestrationContext context, WeeklyDigestInput input)
    {
        var sendOn = WorkflowCalendar.SendDate(input.Monday);
        await context.CreateTimer(WorkflowCalendar.ListAtUtc(sendOn), CancellationToken.None);
        var items = await context.CallActivityAsync<int>(nameof(SendWeeklyDigestActivity), new WeeklyDigestRequest(input.Monday, sendOn));
        context.ContinueAsNew(new WeeklyDigestInput(input.Monday.AddDays(7)));
        return items;
    }
}
