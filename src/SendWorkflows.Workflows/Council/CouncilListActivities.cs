using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Notifications;

namespace SendWorkflows.Workflows.Council;

/// <summary>Send each setting, on <paramref name="SendOn"/>, its reviews whose target falls in the term (both ends included).</summary>
public sealed record TermlyReviewListRequest(DateOnly SendOn, DateOnly TermStart, DateOnly TermEnd);

/// <summary>The digest of the week starting <paramref name="Monday"/>, sent on <paramref name="SendOn"/>.</summary>
public sealed record WeeklyDigestRequest(DateOnly Monday, DateOnly SendOn);

/// <summary>Reads the register and records one <see cref="NotificationKind.TermlyReviewList"/> per setting with reviews due in the term.</summary>
public sealed class SendTermlyReviewListsActivity(IPlanRegister register, INotificationLog log) : TaskActivity<TermlyReviewListRequest, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, TermlyReviewListRequest input)
    {
        var plans = new List<RegisteredPlan>();
        await foreach (var plan in register.AllAsync())
        {
            plans.Add(plan);
        }

        var lists = CouncilLists.TermlyReviewLists(plans, input);
        foreach (var list in lists)
        {
            await log.RecordAsync(list);
        }

        return lists.Count;
    }
}

/// <summary>
/// Records the <see cref="NotificationKind.WeeklyDigest"/> to the assistant director from the indexes the workflows keep
/// as they run (docs/adr/0115): the register's and the visits' digest buckets, the notifications of the week before and
/// the open assessments; never a whole table. With every workflow that stopped after an error when the host can list
/// them (<see cref="FailedWorkflows"/>: nothing may stop quietly).
/// </summary>
public sealed class SendWeeklyDigestActivity(
    IPlanRegister register, INotificationLog log, IContactsDirectorySource contacts, Operations.FailedWorkflows? failedWorkflows = null,
    IMonitoringVisitRegister? monitoringVisits = null, IOpenAssessments? openAssessments = null)
    : TaskActivity<WeeklyDigestRequest, int>
{
    public override async Task<int> RunAsync(TaskActivityContext context, WeeklyDigestRequest input)
    {
        if (!await contacts.ExistsAsync())
        {
            // A host started before the council's first import has nobody to send the digest to; next Monday's will go.
            return 0;
        }

        var plans = await ListAsync(register.ForWeeklyDigestAsync(CouncilLists.DueSoonUntil(input.SendOn)));
        var escalations = (await ListAsync(log.OnDatesAsync(input.Monday.AddDays(-7), input.Monday)))
            .Where(n => CouncilLists.IsEscalationOfWeekBefore(n, input.Monday)).ToList();
        var visits = monitoringVisits is null ? [] : await ListAsync(monitoringVisits.DueByAsync(input.SendOn));
        var assessments = openAssessments is null ? [] : await ListAsync(openAssessments.ListOpenAsync());
        var directory = await contacts.GetAsync();
        var digest = CouncilLists.WeeklyDigest(plans, input, directory.AssistantDirector, escalations, new DigestSources(assessments, visits));
        if (failedWorkflows is not null && await failedWorkflows.ListAsync() is { Count: > 0 } failed)
        {
            digest = digest with
            {
                Facts = digest.Facts with
                {
                    Items = [.. digest.Facts.Items, .. failed.Select(f => new NotificationItem(
                        f.CaseId, "", "a workflow stopped after an error: an administrator can restart it from the dashboard", null,
                        $"stopped on {f.Since.UtcDateTime:yyyy-MM-dd}"))],
                },
            };
        }

        await log.RecordAsync(digest);
        return digest.Facts.Items.Count;
    }

    static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}

/// <summary>What the weekly digest reads besides the plan register and the notification log.</summary>
public sealed record DigestSources(IReadOnlyList<RunningAssessment> Assessments, IReadOnlyList<MonitoringVisitEntry> Visits);

/// <summary>The council-wide lists, as pure functions of the register.</summary>
public static class CouncilLists
{
    public static IReadOnlyList<Notification> TermlyReviewLists(IEnumerable<RegisteredPlan> plans, TermlyReviewListRequest request) =>
        [.. plans
            .Where(p => !p.Entry.Ceased && p.Entry.TargetMeetingOn >= request.TermStart && p.Entry.TargetMeetingOn <= request.TermEnd)
            .GroupBy(p => p.SettingEmail, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Notification(
                $"termly:{request.TermStart:yyyy-MM-dd}:{g.Key.ToLowerInvariant()}",
                NotificationKind.TermlyReviewList,
                $"termly:{request.TermStart:yyyy-MM-dd}",
                request.SendOn,
                [g.Key],
                [],
                null,
                new NotificationFacts
                {
                    SettingName = g.First().Entry.SettingName,
                    Items = [.. g.OrderBy(p => p.Entry.TargetMeetingOn).ThenBy(p => p.PlanId, StringComparer.Ordinal)
                        .Select(p => new NotificationItem(p.PlanId, p.Entry.ChildInitials, ReviewWhat(p.Entry), p.Entry.TargetMeetingOn, p.Entry.Status))],
                }))];

    /// <summary>
    /// Overdue and escalated reviews, and those whose target falls in the next 4 weeks, in that order; then every
    /// escalation of the week before (assessment and review advice, missed statutory deadlines), so the assistant
    /// director sees overdue contributions as well as overdue reviews.
    /// </summary>
    public static Notification WeeklyDigest(
        IEnumerable<RegisteredPlan> plans, WeeklyDigestRequest request, string assistantDirector, IEnumerable<Notification>? escalationsOfWeekBefore = null,
        DigestSources? sources = null)
    {
        plans = [.. plans];
        var asOf = request.SendOn;
        var dueSoonUntil = DueSoonUntil(asOf);
        var items = plans
            .Where(p => !p.Entry.Ceased)
            .Select(p => (Plan: p, Section: DigestSectionOf(p.Entry, asOf, dueSoonUntil)))
            .Where(line => line.Section is not null)
            .OrderBy(line => line.Section)
            .ThenBy(line => line.Plan.Entry.TargetMeetingOn)
            .ThenBy(line => line.Plan.PlanId, StringComparer.Ordinal)
            .Select(line => new NotificationItem(
                line.Plan.PlanId, line.Plan.Entry.ChildInitials, DigestWording[line.Section!.Value], line.Plan.Entry.TargetMeetingOn, line.Plan.Entry.Status))
            .Concat((escalationsOfWeekBefore ?? [])
                .Where(n => IsEscalationOfWeekBefore(n, request.Monday))
                .OrderBy(n => n.On)
                .ThenBy(n => n.Key, StringComparer.Ordinal)
                .Select(n => new NotificationItem(
                    n.CaseId, n.Facts.ChildInitials ?? "", EscalationWording(n), n.DueOn, $"escalated on {n.On:yyyy-MM-dd}")))
            .Concat(AssessmentsPastWeek16(sources?.Assessments ?? [], asOf))
            .Concat(WaitingForProvision(plans, asOf))
            .Concat(OverdueVisits(sources?.Visits ?? [], asOf));
        return new Notification(
            $"digest:{request.Monday:yyyy-MM-dd}", NotificationKind.WeeklyDigest, $"digest:{request.Monday:yyyy-MM-dd}",
            request.SendOn, [assistantDirector], [], null, new NotificationFacts { Items = [.. items] });
    }

    /// <summary>The last target date the digest sent on <paramref name="sendOn"/> lists as due soon.</summary>
    public static DateOnly DueSoonUntil(DateOnly sendOn) => sendOn.AddDays(WeeklyDigestOrchestrator.DueSoonWeeks * 7);

    /// <summary>
    /// Escalations the digest reports: sent in the seven days before <paramref name="monday"/>, so the digest (built
    /// before that Monday's sends) lists the same items on every run. Review escalations are already in the register.
    /// </summary>
    public static bool IsEscalationOfWeekBefore(Notification notification, DateOnly monday) =>
        IsEscalation(notification) && notification.On >= monday.AddDays(-7) && notification.On < monday;

    /// <summary>The kinds of notification the digest lists as escalations (a simulation keeps only these for its council pass).</summary>
    public static bool IsEscalation(Notification notification) =>
        notification.Kind is NotificationKind.AdviceEscalation or NotificationKind.AdviceSeniorEscalation or NotificationKind.StatutoryDeadlineMissed;

    /// <summary>After this many weeks without a final plan an assessment is at risk of the 20-week limit (the draft is due by week 16).</summary>
    public const int AssessmentWeeksBeforeAtRisk = 16;

    /// <summary>Assessments more than 16 weeks after their request with no final plan, oldest request first.</summary>
    public static IEnumerable<NotificationItem> AssessmentsPastWeek16(IEnumerable<RunningAssessment> assessments, DateOnly asOf) =>
        assessments
            .Where(a => a.RequestedOn.AddDays(AssessmentWeeksBeforeAtRisk * 7) < asOf)
            .OrderBy(a => a.RequestedOn).ThenBy(a => a.CaseId, StringComparer.Ordinal)
            .Select(a => new NotificationItem(
                a.CaseId, a.ChildInitials, "assessment past week 16 without a final plan", Calendar.WorkflowCalendar.FinalPlanDue(a.RequestedOn),
                $"week {(asOf.DayNumber - a.RequestedOn.DayNumber) / 7 + 1}"));

    /// <summary>Every child waiting for the provision their plan names, with the days waited on <paramref name="asOf"/>, longest wait first.</summary>
    public static IEnumerable<NotificationItem> WaitingForProvision(IEnumerable<RegisteredPlan> plans, DateOnly asOf) =>
        plans
            .Where(p => !p.Entry.Ceased && p.Entry.AwaitingProvision)
            .Select(p => (Plan: p, Days: p.Entry.AwaitingProvisionSince is { } since ? asOf.DayNumber - since.DayNumber : (int?)null))
            .OrderByDescending(w => w.Days ?? int.MaxValue).ThenBy(w => w.Plan.PlanId, StringComparer.Ordinal)
            .Select(w => new NotificationItem(
                w.Plan.PlanId, w.Plan.Entry.ChildInitials,
                w.Days is { } days ? $"awaiting provision: {days} {(days == 1 ? "day" : "days")}" : "awaiting provision",
                null,
                w.Plan.Entry.AwaitingProvisionSince is { } from ? $"waiting since {from:yyyy-MM-dd}" : "waiting (start not recorded)"));

    /// <summary>Monitoring visits whose due date has passed with no visit recorded, longest overdue first.</summary>
    public static IEnumerable<NotificationItem> OverdueVisits(IEnumerable<MonitoringVisitEntry> visits, DateOnly asOf) =>
        visits
            .Where(v => v.StatusOn(asOf) == MonitoringVisitStatus.Overdue)
            .OrderBy(v => v.VisitDueOn).ThenBy(v => v.PlanId, StringComparer.Ordinal)
            .Select(v => new NotificationItem(v.PlanId, v.ChildInitials, "monitoring visit overdue", v.VisitDueOn, "overdue"));

    static string EscalationWording(Notification n) => n.Kind switch
    {
        NotificationKind.AdviceEscalation => $"advice overdue, escalated to the manager ({n.Facts.ContactKey})",
        NotificationKind.AdviceSeniorEscalation => $"advice still overdue, escalated to the senior lead ({n.Facts.ContactKey})",
        _ => "statutory deadline missed",
    };

    /// <summary>The sections of the weekly digest, in the order they are listed.</summary>
    enum DigestSection
    {
        Overdue,
        TargetMissed,
        Escalated,
        DueSoon,
    }

    static readonly Dictionary<DigestSection, string> DigestWording = new()
    {
        [DigestSection.Overdue] = "review overdue",
        [DigestSection.TargetMissed] = "target date missed",
        [DigestSection.Escalated] = "escalated",
        [DigestSection.DueSoon] = "due in the next 4 weeks",
    };

    static readonly HashSet<string> AwaitingMeeting = ["awaiting meeting", "escalated"];

    static DigestSection? DigestSectionOf(RegisterEntry entry, DateOnly asOf, DateOnly dueSoonUntil) =>
        AwaitingMeeting.Contains(entry.Status) && entry.NextReviewDue < asOf ? DigestSection.Overdue
        : AwaitingMeeting.Contains(entry.Status) && entry.TargetMeetingOn < asOf ? DigestSection.TargetMissed
        : entry.Status == "escalated" ? DigestSection.Escalated
        : entry.Status is "awaiting meeting" or "meeting fixed" && entry.TargetMeetingOn <= dueSoonUntil ? DigestSection.DueSoon
        : null;

    /// <summary>The monthly report's notification: keyed by the month, so a second run records it once.</summary>
    public static Notification MonthlyReport(MonthlyReportRequest request, string assistantDirector, MonthlyKpis kpis) => new(
        $"monthly:{request.Month:yyyy-MM}", NotificationKind.MonthlyReport, $"monthly:{request.Month:yyyy-MM}",
        request.SendOn, [assistantDirector], [], null, new NotificationFacts { Kpis = kpis });

    static string ReviewWhat(RegisterEntry entry) =>
        entry.Transfer == TransferKind.None ? "annual review" : $"annual review ({entry.Transfer} transfer)";
}
