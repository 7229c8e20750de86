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
/// Reads the KPI summaries of the months the report spans (ADR 0105; never the whole outcome log) and the register's
/// late plans, and records the <see cref="Domain.NotificationKind.MonthlyReport"/>: the outbox sends it like every
/// e-mail, once (its key names the month).
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

        var summaries = await ComputedKpiSummaries.Of(outcomes).ReadAsync(Domain.MonthlyKpis.FirstMonthRead(input.Month), input.Month);
        var directory = await contacts.GetAsync();
        var kpis = Domain.MonthlyKpis.For(input.Month, summaries, await LatePlansAsync(input.SendOn), input.SendOn);
        var notification = CouncilLists.MonthlyReport(input, directory.AssistantDirector, kpis);
        await log.RecordAsync(notification);
        return notification.Facts.Kpis!.Lines.Count;
    }

    /// <summary>The plans whose review was due before <paramref name="asOf"/> (the report's backlog): the register index's overdue range.</summary>
    async Task<IReadOnlyList<Domain.RegisterEntry>> LatePlansAsync(DateOnly asOf)
    {
        if (register is IRegisterIndex index)
        {
            return [.. (await index.QueryAsync(new RegisterQuery(asOf, OverdueOnly: true))).Plans.Select(p => p.Entry)];
        }

        var plans = new List<Domain.RegisterEntry>();
        await foreach (var plan in register.AllAsync())
        {
            if (RegisterQuery.IsOverdue(plan.Entry, asOf))
            {
                plans.Add(plan.Entry);
            }
        }

        return plans;
    }
}
