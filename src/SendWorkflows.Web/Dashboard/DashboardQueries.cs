using SendWorkflows.Infrastructure.Email.Templates;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Web.Dashboard;

/// <summary>An assessment still running: when it was requested and how far into the 20 weeks it is.</summary>
public sealed record OpenAssessment(string CaseId, DateOnly RequestedOn, double WeeksElapsed)
{
    public const int StatutoryWeeks = 20;

    public bool Overdue => WeeksElapsed > StatutoryWeeks;

    /// <summary>The 6-week decision whether to assess (reg 5); null like <see cref="FinalPlanDue"/> for a date at the end of the calendar.</summary>
    public DateOnly? DecisionDue => RequestedOn.DayNumber <= DateOnly.MaxValue.DayNumber - (7 * 6)
        ? RequestedOn.AddDays(7 * 6)
        : null;

    /// <summary>Null for a request kept from before dates had windows (9999-12-30): the page shows it rather than failing.</summary>
    public DateOnly? FinalPlanDue => RequestedOn.DayNumber <= DateOnly.MaxValue.DayNumber - (7 * StatutoryWeeks)
        ? RequestedOn.AddDays(7 * StatutoryWeeks)
        : null;
}

/// <summary>One line of a case's timeline: an event received or a notification sent.</summary>
public sealed record TimelineEntry(DateOnly On, string What, string Detail, DateOnly? DueOn = null);

/// <summary>The reads behind the staff dashboard, over the workflows' ports and the intake's stores.</summary>
public sealed class DashboardQueries(
    IPlanRegister register,
    INotificationLog notifications,
    IOutcomeLog outcomes,
    IProcessedEventStore events,
    TimeProvider clock,
    IMonitoringVisitRegister? monitoringVisits = null,
    IOpenAssessments? openAssessments = null)
{
    /// <summary>Notifications that mean something is late: what the overdue page lists.</summary>
    public static readonly IReadOnlySet<NotificationKind> Chases = new HashSet<NotificationKind>
    {
        NotificationKind.AdviceOverdue, NotificationKind.AdviceEscalation, NotificationKind.AdviceSeniorEscalation,
        NotificationKind.ReviewMeetingNotScheduled, NotificationKind.ReviewEscalation, NotificationKind.ReviewReportOverdue,
        NotificationKind.StatutoryDeadlineMissed,
    };

    public DateOnly Today => UkDate.Today(clock);

    /// <summary>
    /// The register's index (ADR 0103): the store's own when it keeps one, otherwise a scan of the register (a store
    /// without an index, such as a test's list).
    /// </summary>
    readonly IRegisterIndex index = register as IRegisterIndex ?? new ScannedRegister(register);

    /// <summary>A slice of the register as the query asks, read from its index.</summary>
    public Task<RegisterSlice> RegisterSliceAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        index.QueryAsync(query, cancellationToken);

    /// <summary>How many plans, and the caseworkers, settings and statuses among them, from the index's summary.</summary>
    public Task<RegisterSummary> RegisterSummaryAsync(CancellationToken cancellationToken = default) =>
        index.SummaryAsync(cancellationToken);

    /// <summary>A slice with the summary a page shows beside it, the summary read once.</summary>
    public Task<(RegisterSlice Slice, RegisterSummary Summary)> RegisterPageAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        index.QueryWithSummaryAsync(query, cancellationToken);

    /// <summary>The plans, not ceased, whose review was due before today: the index's rows up to today.</summary>
    public async Task<IReadOnlyList<RegisteredPlan>> OverdueReviewsAsync(CancellationToken cancellationToken = default) =>
        (await index.QueryAsync(new RegisterQuery(Today, OverdueOnly: true), cancellationToken)).Plans;

    /// <summary>Chases and escalations sent in the last <paramref name="weeks"/> weeks, newest first: those weeks of the notifications-by-week index (ADR 0115).</summary>
    public async Task<IReadOnlyList<Notification>> RecentChasesAsync(int weeks, CancellationToken cancellationToken = default)
    {
        var since = Today.AddDays(-7 * weeks);
        return (await ToListAsync(notifications.OnDatesAsync(since, Today.AddDays(1), cancellationToken)))
            .Where(n => Chases.Contains(n.Kind))
            .OrderByDescending(n => n.On).ThenBy(n => n.CaseId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Assessments requested and not yet ended (no final plan, no decision not to issue, not declined), from the
    /// open-assessments index (ADR 0115); a host without one reads the requests and the outcomes.
    /// </summary>
    public async Task<IReadOnlyList<OpenAssessment>> OpenAssessmentsAsync(CancellationToken cancellationToken = default)
    {
        var today = Today;
        OpenAssessment Of(string caseId, DateOnly requestedOn) => new(caseId, requestedOn, Math.Round((today.DayNumber - requestedOn.DayNumber) / 7.0, 1));
        if (openAssessments is not null)
        {
            return (await ToListAsync(openAssessments.ListOpenAsync(cancellationToken)))
                .Select(a => Of(a.CaseId, a.RequestedOn)).OrderByDescending(a => a.WeeksElapsed).ToList();
        }

        var ended = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var outcome in outcomes.AllAsync(cancellationToken))
        {
            if (outcome.Assessment is not null)
            {
                ended.Add(outcome.CaseId);
            }
        }

        var open = new List<OpenAssessment>();
        await foreach (var requested in events.OfTypeAsync(nameof(AssessmentRequested), cancellationToken))
        {
            if (!ended.Contains(requested.CaseId))
            {
                open.Add(Of(requested.CaseId, requested.On));
            }
        }

        return open.OrderByDescending(a => a.WeeksElapsed).ToList();
    }

    /// <summary>
    /// The KPIs of a reporting period as of today: the same figures as <see cref="Kpis.For"/> (simulate's kpis.json),
    /// from the summaries of the period's months (ADR 0105), a few rows whatever the caseload.
    /// </summary>
    public async Task<KpiReport> KpisAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        var today = Today;
        var (summaries, plans, monitored) = await ReadKpiInputsAsync(period.From, period.To, today, cancellationToken);
        return summaries.For(period, plans, today, monitored);
    }

    /// <summary>
    /// The period's KPIs with the 12 months to its end (the 20-week trend) and the overdue backlog at each of those
    /// month ends (the cycles recorded as overdue then, and the register's late plans), from the months' summaries.
    /// </summary>
    public async Task<KpiView> KpiViewAsync(ReportingPeriod period, CancellationToken cancellationToken = default)
    {
        var today = Today;
        var firstMonth = new DateOnly(period.To.Year, period.To.Month, 1).AddMonths(-(TrendMonths - 1));
        var (summaries, plans, monitored) = await ReadKpiInputsAsync(period.From < firstMonth ? period.From : firstMonth, period.To, today, cancellationToken);
        var trend = summaries.Trend(period.To, TrendMonths, today);
        var backlog = trend.Select(month => (month.To, summaries.OverdueReviewsOn(month.To, plans))).ToList();
        var report = summaries.For(period, plans, today, monitored);
        return new KpiView(period, report, trend, backlog);
    }

    const int TrendMonths = 12;

    /// <summary>The KPIs' three reads, side by side (independent stores): the months' summaries, the plans, the monitored placements.</summary>
    async Task<(KpiSummarySet Summaries, IReadOnlyList<RegisterEntry> Plans, IReadOnlyList<MonitoringVisitEntry> Monitored)> ReadKpiInputsAsync(
        DateOnly firstMonth, DateOnly lastMonth, DateOnly today, CancellationToken cancellationToken)
    {
        var summaries = kpiSummaries.ReadAsync(firstMonth, lastMonth, cancellationToken);
        var plans = KpiPlansAsync(today, cancellationToken);
        var monitored = MonitoredAsync(cancellationToken);
        await Task.WhenAll(summaries, plans, monitored);
        return (await summaries, await plans, await monitored);
    }

    /// <summary>The outcome log's KPI summaries (ADR 0105): the Table store's own, or computed from the filed copies.</summary>
    readonly IKpiSummaries kpiSummaries = ComputedKpiSummaries.Of(outcomes);

    /// <summary>
    /// The plans the KPIs count, never the whole register: those whose review is due by <paramref name="today"/> (the
    /// backlog, reviews due and not done) from the register's index, and those waiting for provision (filed under the
    /// digest index's "always"). Every other plan counts toward no KPI of a period ending by today.
    /// </summary>
    async Task<IReadOnlyList<RegisterEntry>> KpiPlansAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var plans = new Dictionary<string, RegisterEntry>(StringComparer.Ordinal);
        var dueByToday = index.QueryAsync(new RegisterQuery(today.AddDays(1), OverdueOnly: true), cancellationToken);
        var waiting = ToListAsync(register.EscalatedOrWaitingAsync(cancellationToken));
        foreach (var plan in (await dueByToday).Plans)
        {
            plans[plan.PlanId] = plan.Entry;
        }

        foreach (var plan in await waiting)
        {
            if (plan.Entry is { AwaitingProvision: true, Ceased: false })
            {
                plans.TryAdd(plan.PlanId, plan.Entry);
            }
        }

        return plans.Values.OrderBy(e => e.NextReviewDue).ThenBy(e => e.PlanId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The monitored placements (the visit register's digest buckets, ADR 0115), not the whole visit register.</summary>
    async Task<IReadOnlyList<MonitoringVisitEntry>> MonitoredAsync(CancellationToken cancellationToken) =>
        monitoringVisits is null ? [] : await ToListAsync(monitoringVisits.DueByAsync(DateOnly.MaxValue, cancellationToken));

    /// <summary>The monitoring-visit entries of a page's plans, by their keys, so a page never reads the whole visit register.</summary>
    public async Task<IReadOnlyDictionary<string, MonitoringVisitEntry>> MonitoringVisitsOfAsync(IEnumerable<string> planIds, CancellationToken cancellationToken = default) =>
        monitoringVisits is null
            ? new Dictionary<string, MonitoringVisitEntry>(StringComparer.Ordinal)
            : await monitoringVisits.FindManyAsync(planIds, cancellationToken);

    /// <summary>Every event received and notification sent for one case, oldest first.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var entries = new List<TimelineEntry>();
        await foreach (var received in events.ForCaseAsync(caseId, cancellationToken))
        {
            var from = ContactOf(received) is { } contact ? $"from {contact}, " : "";
            entries.Add(new TimelineEntry(received.On, Received + Labels.OfEventType(received.Type), $"{from}received by {received.Source} (id {received.EventId})"));
        }

        await foreach (var sent in notifications.ForCaseAsync(caseId, cancellationToken))
        {
            var copied = sent.Cc.Count == 0 ? "" : $", copied to {string.Join(", ", sent.Cc)}";
            // A family's address is theirs: staff see who a notice went to, never the address itself.
            var to = sent.Kind.IsFamilyNotice()
                ? sent.Facts.SendByPost ? "to the caseworker, to post to the family" : "to the family by e-mail"
                : $"to {string.Join(", ", sent.To)}{copied}";
            entries.Add(new TimelineEntry(sent.On, "Sent: " + Labels.Of(sent), to, sent.DueOn));
        }

        return entries.OrderBy(e => e.On).ThenBy(e => e.What.StartsWith(Received, StringComparison.Ordinal) ? 0 : 1).ToList();
    }

    const string Received = "Received: ";

    /// <summary>Everything recorded about one case, for its page.</summary>
    public async Task<CaseRecord> CaseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var received = await ToListAsync(events.ForCaseAsync(caseId, cancellationToken));
        var sent = await ToListAsync(notifications.ForCaseAsync(caseId, cancellationToken));
        var recorded = await ToListAsync(outcomes.ForCaseAsync(caseId, cancellationToken));
        var plan = await register.FindAsync(caseId, cancellationToken);
        return new CaseRecord(caseId, received, sent, recorded, plan);
    }

    /// <summary>Who an event names (advice received from "ep"): the contract's <c>contact</c> field, if the event has one.</summary>
    static string? ContactOf(ProcessedEvent received)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(received.Json);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("contact", out var contact) && contact.ValueKind == System.Text.Json.JsonValueKind.String
                ? contact.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>An index for a register that keeps none: reads every plan per query (test doubles only).</summary>
    sealed class ScannedRegister(IPlanRegister register) : IRegisterIndex
    {
        public async Task<RegisterSlice> QueryAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
            query.Slice(query.Order(await ToListAsync(register.AllAsync(cancellationToken))));

        public async Task<RegisterSummary> SummaryAsync(CancellationToken cancellationToken = default) =>
            RegisterSummary.Of(await ToListAsync(register.AllAsync(cancellationToken)));
    }

    static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
