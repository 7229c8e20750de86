using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
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
public sealed class WeeklyDigestOrchestrator : VersionedOrchestrator<WeeklyDigestInput, int>
{
    public WeeklyDigestOrchestrator()
        : base((WorkflowVersions.First, RunV1Async))
    {
    }

    public const string InstanceId = "council:weekly-digest";
    public const int DueSoonWeeks = 4;

    /// <summary>Version 1, released: never edit its calls (docs/workflow-changes.md).</summary>
    static async Task<int> RunV1Async(TaskOrchestrationContext context, WeeklyDigestInput input, string newest)
    {
        var sendOn = WorkflowCalendar.SendDate(input.Monday);
        await context.CreateTimer(WorkflowCalendar.ListAtUtc(sendOn), CancellationToken.None);
        var items = await context.CallActivityAsync<int>(nameof(SendWeeklyDigestActivity), new WeeklyDigestRequest(input.Monday, sendOn));
        context.ContinueAsNew(new ContinueAsNewOptions { NewInput = new WeeklyDigestInput(input.Monday.AddDays(7)), NewVersion = newest });
        return items;
    }
}
