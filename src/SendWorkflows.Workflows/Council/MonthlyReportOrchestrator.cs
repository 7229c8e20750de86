using Microsoft.DurableTask;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Workflows.Council;

/// <summary>The month whose report is next (its first day): sent on the first working day after it ends.</summary>
public sealed record MonthlyReportInput(DateOnly Month)
{
    /// <summary>The first report a host started on <paramref name="today"/> sends: this month's, next month.</summary>
    public static MonthlyReportInput For(DateOnly today) => new(new DateOnly(today.Year, today.Month, 1));
}

/// <summary>The monthly report for the month starting <paramref name="Month"/>, sent on <paramref name="SendOn"/>.</summary>
public sealed record MonthlyReportRequest(DateOnly Month, DateOnly SendOn);

/// <summary>
/// Sends the assistant director the KPIs of the month just ended and of the academic year to date, each against the
/// year before, on the first working day of every month (contract section 4), forever. Instance <see cref="InstanceId"/>.
/// </summary>
public sealed class MonthlyReportOrchestrator : VersionedOrchestrator<MonthlyReportInput, int>
{
    public MonthlyReportOrchestrator()
        : base((WorkflowVersions.First, RunV1Async))
    {
    }

    public const string InstanceId = "council:monthly-report";

    /// <summary>Version 1, released: never edit its calls (docs/workflow-changes.md).</summary>
    static async Task<int> RunV1Async(TaskOrchestrationContext context, MonthlyReportInput input, string newest)
    {
        var sendOn = WorkflowCalendar.SendDate(input.Month.AddMonths(1));
        await context.CreateTimer(WorkflowCalendar.ListAtUtc(sendOn), CancellationToken.None);
        var lines = await context.CallActivityAsync<int>(nameof(SendMonthlyReportActivity), new MonthlyReportRequest(input.Month, sendOn));
        context.ContinueAsNew(new ContinueAsNewOptions { NewInput = new MonthlyReportInput(input.Month.AddMonths(1)), NewVersion = newest });
        return lines;
    }
}

/// <summary>
/// Reads the outcomes and the register and records the <see cref="Domain.NotificationKind.MonthlyReport"/>: the outbox
/// sends it like every e-mail, once (its key names the month).
/// </summary>
public sealed class SendMonthlyReportActivity(IOutcomeLog outcomes, IPlanRegister register, INotificationLog log, IContactsDirectorySource contacts)
    : TaskActivity<MonthlyReportRequest, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, MonthlyReportRequest input)
    {
        if (!await contacts.ExistsAsync())
        {
            // Nobody to send to before the council's first import; next month's report will go.
            return 0;
        }

        var assessments = new List<Domain.AssessmentOutcome>();
        var reviews = new List<Domain.ReviewOutcome>();
        await foreach (var outcome in outcomes.AllAsync())
        {
            if (outcome.Assessment is { } a)
                assessments.Add(a);
            if (outcome.Review is { } r)
                reviews.Add(r);
        }

        var plans = new List<Domain.RegisterEntry>();
        await foreach (var plan in register.AllAsync())
        {
            plans.Add(plan.Entry);
        }

        var directory = await contacts.GetAsync();
        var notification = CouncilLists.MonthlyReport(input, directory.AssistantDirector, Domain.MonthlyKpis.For(input.Month, assessments, reviews, plans, input.SendOn));
        await log.RecordAsync(notification);
        return notification.Facts.Kpis!.Lines.Count;
    }
}
