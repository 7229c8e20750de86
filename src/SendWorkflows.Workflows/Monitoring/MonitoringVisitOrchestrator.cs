using Microsoft.DurableTask;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Timetables;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Workflows.Monitoring;

/// <summary>
/// The monitoring visits of one plan's placement (contract section 4), one visit year per run and forever after
/// through ContinueAsNew, until the plan ends. Each year, with V the visit's due date:
/// <list type="bullet">
/// <item><see cref="NotificationKind.MonitoringVisitDue"/> to the placements officer, copying the caseworker, at V - 4 weeks;</item>
/// <item><see cref="NotificationKind.MonitoringVisitOverdue"/> to the placements officer and the SEN manager at V + 1 day;</item>
/// <item><c>MonitoringVisitRecorded</c> starts the next year (V = the visit + 12 months); a <c>PlacementChanged</c> into a
/// monitored type starts one with V = the move + 12 weeks, out of one leaves the workflow waiting without notices;</item>
/// <item><c>PlanCeased</c> (or a review decision to cease) ends it.</item>
/// </list>
/// Started by the caseload loader and by the dispatcher on a placement change (<see cref="MonitoringVisitStarts"/>).
/// </summary>
public sealed class MonitoringVisitOrchestrator : VersionedOrchestrator<MonitoringVisitInput, int>
{
    public const string DueStep = "visit-due";
    public const string OverdueStep = "visit-overdue";

    public MonitoringVisitOrchestrator()
        : base((WorkflowVersions.First, RunV1Async))
    {
    }

    /// <summary>Version 1, released: never edit its calls (docs/workflow-changes.md).</summary>
    static async Task<int> RunV1Async(TaskOrchestrationContext context, MonitoringVisitInput input, string newest)
    {
        var startedOn = WorkflowSteps.Today(context);
        var applied = new HashSet<string>(input.AppliedEventIds, StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var year = input;
        await context.CallActivityAsync<bool>(nameof(UpdateMonitoringRegisterActivity), year.Entry());

        while (true)
        {
            var next = Timetable.Next(Steps(year, startedOn), taken, skipBefore: startedOn);
            var message = await WorkflowSteps.NextEventOrStepAsync<CaseEventMessage>(context, EventNames.CaseEvent, next);
            if (message is null)
            {
                await WorkflowSteps.NotifyAsync(context, year.Placement.PlanId, next!, Facts(year), year.Year);
                taken.Add(next!.Name);
                continue;
            }

            var e = await CaseEvents.ReadAsync(context, message, applied.Contains);
            if (e is null)
            {
                continue;
            }

            applied.Add(e.Id);
            var ids = applied.Order(StringComparer.Ordinal).ToList();
            if (Refusal(year, e) is { } refusal)
            {
                await CaseEvents.RejectAsync(context, message, refusal);
                continue;
            }

            switch (e)
            {
                case CaseworkerChanged changed:
                    year = year with { Placement = year.Placement with { CaseworkerEmail = changed.CaseworkerEmail } };
                    await context.CallActivityAsync<bool>(nameof(UpdateMonitoringRegisterActivity), year.Entry());
                    break;
                case PlacementChanged moved when SamePlacement(year.Placement, moved):
                    year = year with { Placement = year.Placement with { SettingEmail = moved.SettingEmail } };
                    break;
                case PlanCeased or ReviewDecision:
                    await context.CallActivityAsync<bool>(nameof(UpdateMonitoringRegisterActivity), year.Entry(ended: true));
                    context.SetCustomStatus(new AppliedEvents(ids));
                    return year.Year;
                default:
                    context.ContinueAsNew(new ContinueAsNewOptions { NewInput = NextYear(year, e, ids), NewVersion = newest });
                    return year.Year;
            }
        }
    }

    /// <summary>The year's two notices; none while the placement is not monitored. A plan loaded late catches up once (ADR 0033).</summary>
    public static IReadOnlyList<TimetableStep> Steps(MonitoringVisitInput year, DateOnly startedOn)
    {
        if (year.VisitDueOn is not { } visitDue)
        {
            return [];
        }

        var dueNotice = visitDue.AddDays(-MonitoringVisits.NoticeWeeks * 7);
        var overdueNotice = visitDue.AddDays(1);
        var caseworker = Recipient.Address(year.Placement.CaseworkerEmail);
        return
        [
            TimetableStep.Notify(DueStep, dueNotice < startedOn ? startedOn : dueNotice, overdueNotice > startedOn,
                NotificationKind.MonitoringVisitDue, [Recipient.PlacementsOfficer], visitDue, [caseworker]),
            TimetableStep.Notify(OverdueStep, overdueNotice < startedOn ? startedOn : overdueNotice, true,
                NotificationKind.MonitoringVisitOverdue, [Recipient.PlacementsOfficer, Recipient.SenManager], visitDue),
        ];
    }

    static string? Refusal(MonitoringVisitInput year, CaseEvent e) => e switch
    {
        MonitoringVisitRecorded when year.VisitDueOn is null =>
            $"the placement ({ContractSpelling.SettingTypes.Spell(year.Placement.SettingType)}) is not one that is visited: only out_of_area, residential and independent placements are",
        MonitoringVisitRecorded v when year.LastVisitOn is { } last && v.On < last =>
            $"a later visit, on {last:yyyy-MM-dd}, is already recorded",
        ReviewDecision { Decision: not ReviewDecisionKind.Cease } => "only a decision to cease the plan concerns monitoring visits",
        MonitoringVisitRecorded or PlacementChanged or CaseworkerChanged or PlanCeased or ReviewDecision => null,
        _ => $"{e.Type} is not a monitoring visit event",
    };

    static bool SamePlacement(MonitoredPlacement placement, PlacementChanged moved) =>
        placement.SettingType == moved.SettingType && string.Equals(placement.SettingName, moved.SettingName, StringComparison.Ordinal);

    /// <summary>A visit restarts the year; a move restarts it at the move + 12 weeks, or stops the notices out of a monitored type.</summary>
    static MonitoringVisitInput NextYear(MonitoringVisitInput year, CaseEvent e, IReadOnlyList<string> ids) => e switch
    {
        MonitoringVisitRecorded visit => year with
        {
            Year = year.Year + 1, LastVisitOn = visit.On, VisitDueOn = MonitoringVisits.DueOn(visit.On, visit.On), AppliedEventIds = ids,
        },
        PlacementChanged moved => year with
        {
            Placement = year.Placement with { SettingName = moved.SettingName, SettingEmail = moved.SettingEmail, SettingType = moved.SettingType },
            Year = year.Year + 1,
            VisitDueOn = MonitoringVisits.IsMonitored(moved.SettingType) ? MonitoringVisits.DueOn(null, moved.On) : null,
            AppliedEventIds = ids,
        },
        _ => throw new InvalidOperationException($"{e.Type} does not start a visit year."),
    };

    static NotificationFacts Facts(MonitoringVisitInput year) => new()
    {
        ChildInitials = year.Placement.ChildInitials,
        SettingName = year.Placement.SettingName,
        ResponseEvent = nameof(MonitoringVisitRecorded),
    };
}
