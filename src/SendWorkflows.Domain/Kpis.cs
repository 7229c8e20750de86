using System.Text.Json;
using System.Text.Json.Serialization;

namespace SendWorkflows.Domain;

/// <summary>
/// A count out of a total and its percentage, always published together. The percentage is rounded to one decimal
/// (half away from zero) and is null when there is nothing to count, so a report never shows 0% or NaN for "none".
/// </summary>
public sealed record Rate(int Count, int Total, double? Percent)
{
    public static Rate Of(int count, int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, total);
        double? percent = total == 0 ? null : Math.Round(100.0 * count / total, 1, MidpointRounding.AwayFromZero);
        return new Rate(count, total, percent);
    }
}

public sealed record ExceptionCount(ExceptionReason Reason, int Count);

public sealed record AdviceRate(ContactRole Role, Rate WithinSixWeeks);

/// <summary>Reviews held on time, split as the council reports publish them.</summary>
public sealed record ReviewRates(Rate SchoolTransfers, Rate Post16Transfers, Rate Others, Rate All);

public sealed record OverdueReviews(int Count, IReadOnlyList<string> PlanIds);

/// <summary>
/// The family survey's measures over surveys sent in a period: how many families answered, and of those who answered,
/// how many were fully involved and found communication good.
/// </summary>
public sealed record FamilySurveyRates(Rate Answered, Rate FullyInvolved, Rate CommunicationGood);

/// <summary>One calendar month's family survey measures (<paramref name="Month"/> as yyyy-MM).</summary>
public sealed record MonthlyFamilySurveyRates(string Month, FamilySurveyRates Rates);

/// <summary>The family survey over the whole period (the year to date in a year-to-date report) and month by month.</summary>
public sealed record FamilySurveyKpis(FamilySurveyRates Period, IReadOnlyList<MonthlyFamilySurveyRates> ByMonth);
/// <summary>Children waiting for the provision their plan names on the report's date: how many, the median and the longest wait in days.</summary>
public sealed record ProvisionWaits(int Waiting, double? MedianDays, int? LongestDays);

/// <summary>The KPIs of one reporting period, as the council reports publish them. Plain data; see <see cref="ToJson"/>.</summary>
public sealed record KpiReport(
    DateOnly From,
    DateOnly To,
    DateOnly AsOf,
    int NewPlansIssued,
    Rate NewPlansWithin20WeeksIncludingExceptions,
    Rate NewPlansWithin20WeeksExcludingExceptions,
    int NewPlansWithValidException,
    IReadOnlyList<ExceptionCount> ExceptionsByReason,
    IReadOnlyList<AdviceRate> AdviceWithinSixWeeks,
    ReviewRates ReviewsOnTime,
    Rate AmendedPlansWithin12WeeksOfMeeting,
    OverdueReviews OverdueReviews,
    FamilySurveyKpis? FamilySurveys = null,
    Rate? MonitoredPlacementsVisitedWithin12Months = null,
    Rate? ReviewsDueCompleted = null,
    ProvisionWaits? WaitingForProvision = null)
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Readable JSON: camelCase names, enum values in the contract's snake_case, nulls kept.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

/// <summary>
/// KPIs from outcome records. Membership of the period (inclusive bounds): new plans by issue date (the published
/// figure is "new plans issued"); every other limit by its due date, counted only once decided as of
/// <c>asOf</c> (met, or missed); limits still pending are left out of both count and total.
/// </summary>
public static class Kpis
{
    /// <summary>The KPIs of a reporting period as of <paramref name="asOf"/>: what the dashboard, the API, the monthly report and simulate all call.</summary>
    public static KpiReport For(
        ReportingPeriod period,
        IEnumerable<AssessmentOutcome> assessments,
        IEnumerable<ReviewOutcome> reviews,
        IEnumerable<RegisterEntry> register,
        DateOnly asOf,
        IEnumerable<FamilySurveyOutcome>? surveys = null,
        IEnumerable<MonitoringVisitEntry>? visits = null)
    {
        var reviewList = reviews.ToList();
        var entries = register.ToList();
        var report = Compute(period.From, period.To, assessments, reviewList, entries, asOf, surveys);
        return visits is null ? report : WithPlacements(report, reviewList, entries, visits);
    }

    public static KpiReport Compute(
        DateOnly from,
        DateOnly to,
        IEnumerable<AssessmentOutcome> assessments,
        IEnumerable<ReviewOutcome> reviews,
        IEnumerable<RegisterEntry> register,
        DateOnly asOf,
        IEnumerable<FamilySurveyOutcome>? surveys = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var assessmentList = assessments.ToList();
        var reviewList = reviews.ToList();
        bool InPeriod(DateOnly date) => date >= from && date <= to;

        var newPlans = assessmentList.Where(a => a.End == AssessmentEnd.FinalPlanIssued && InPeriod(a.EndedOn)).ToList();
        var withoutException = newPlans.Where(a => !Reg10Exceptions.HasValidException(a)).ToList();

        return new KpiReport(
            from,
            to,
            asOf,
            newPlans.Count,
            Rate.Of(newPlans.Count(IssuedWithin20Weeks), newPlans.Count),
            Rate.Of(withoutException.Count(IssuedWithin20Weeks), withoutException.Count),
            newPlans.Count - withoutException.Count,
            ExceptionsByReason(newPlans),
            AdviceRates(assessmentList, InPeriod, asOf),
            ReviewsOnTime(reviewList, InPeriod, asOf),
            AmendedPlansOnTime(reviewList, InPeriod, asOf),
            Overdue(register, asOf),
            FamilySurveys(surveys ?? [], from, to));
    }

    /// <summary>Surveys by the date they were sent; answers count toward the month the survey went out in.</summary>
    static FamilySurveyKpis FamilySurveys(IEnumerable<FamilySurveyOutcome> surveys, DateOnly from, DateOnly to)
    {
        var sent = surveys.Where(s => s.SentOn >= from && s.SentOn <= to).ToList();
        var months = new List<MonthlyFamilySurveyRates>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var inMonth = sent.Where(s => s.SentOn.Year == month.Year && s.SentOn.Month == month.Month).ToList();
            months.Add(new MonthlyFamilySurveyRates(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), SurveyRates(inMonth)));
        }

        return new FamilySurveyKpis(SurveyRates(sent), months);
    }

    static FamilySurveyRates SurveyRates(IReadOnlyList<FamilySurveyOutcome> sent)
    {
        var answered = sent.Where(s => s.AnsweredOn is not null).ToList();
        return new FamilySurveyRates(
            Rate.Of(answered.Count, sent.Count),
            Rate.Of(answered.Count(s => s.Involved == true), answered.Count),
            Rate.Of(answered.Count(s => s.CommunicationGood == true), answered.Count));
    }

    internal static bool IssuedWithin20Weeks(AssessmentOutcome plan)
    {
        var due = plan.FinalPlan?.DueOn ?? StatutoryCalendar.Assessment(plan.RequestedOn).FinalPlanDue;
        var issuedOn = plan.FinalPlan?.DoneOn ?? plan.EndedOn;
        return issuedOn <= due;
    }

    /// <summary>Valid exceptions among the period's new plans, so the figures reconcile with the 20-week rates.</summary>
    static IReadOnlyList<ExceptionCount> ExceptionsByReason(IReadOnlyList<AssessmentOutcome> newPlans)
    {
        var valid = newPlans.SelectMany(Reg10Exceptions.ValidFor).ToList();
        return Enum.GetValues<ExceptionReason>().Select(r => new ExceptionCount(r, valid.Count(e => e.Reason == r))).ToList();
    }

    /// <summary>Assessment advice per service against reg 8(1)'s 6 weeks from that service's own request.</summary>
    static IReadOnlyList<AdviceRate> AdviceRates(IReadOnlyList<AssessmentOutcome> assessments, Func<DateOnly, bool> inPeriod, DateOnly asOf)
    {
        var advice = assessments.SelectMany(a => a.Advice).Where(a => inPeriod(a.DueOn)).ToList();
        return Enum.GetValues<ContactRole>()
            .Select(role => new AdviceRate(role, RateOf(advice
                .Where(a => a.Role == role)
                .Select(a => LimitCheck.Evaluate("advice within 6 weeks", a.DueOn, a.ReceivedOn, asOf)))))
            .ToList();
    }

    static ReviewRates ReviewsOnTime(IReadOnlyList<ReviewOutcome> reviews, Func<DateOnly, bool> inPeriod, DateOnly asOf)
    {
        var meetings = reviews
            .Where(r => inPeriod(r.Meeting.DueOn))
            .Select(r => (r.Transfer, Result: LimitCheck.Evaluate(r.Meeting.Limit, r.Meeting.DueOn, r.MeetingOn, asOf)))
            .ToList();
        Rate For(TransferKind kind) => RateOf(meetings.Where(m => m.Transfer == kind).Select(m => m.Result));
        return new ReviewRates(For(TransferKind.School), For(TransferKind.Post16), For(TransferKind.None), RateOf(meetings.Select(m => m.Result)));
    }

    /// <summary>Amended plans against the outer bound of 12 weeks after the meeting (4 to decide, 8 to finalise).</summary>
    static Rate AmendedPlansOnTime(IReadOnlyList<ReviewOutcome> reviews, Func<DateOnly, bool> inPeriod, DateOnly asOf) => RateOf(
        reviews
            .Where(r => r.Decision == ReviewDecisionKind.Amend && r.MeetingOn is not null)
            .Select(r => LimitCheck.Evaluate(
                "amended plan within 12 weeks of meeting",
                StatutoryCalendar.AmendedPlanLatest(r.MeetingOn!.Value),
                r.AmendedPlan?.DoneOn,
                asOf))
            .Where(l => inPeriod(l.DueOn)));

    static OverdueReviews Overdue(IEnumerable<RegisterEntry> register, DateOnly asOf)
    {
        var ids = register.Where(e => !e.Ceased && e.NextReviewDue < asOf).Select(e => e.PlanId).Order(StringComparer.Ordinal).ToList();
        return new OverdueReviews(ids.Count, ids);
    }

    static Rate RateOf(IEnumerable<LimitResult> results)
    {
        var decided = results.Where(r => r.Status is LimitStatus.Met or LimitStatus.Missed).ToList();
        return Rate.Of(decided.Count(r => r.Status == LimitStatus.Met), decided.Count);
    }

    /// <summary>
    /// Adds the placement KPIs to <paramref name="report"/> (as of its <see cref="KpiReport.AsOf"/>):
    /// <list type="bullet">
    /// <item>monitored placements visited within 12 months: of the placements monitored on that day (leaving out new
    /// placements whose first visit is not due yet), those whose last visit was at most 12 months before;</item>
    /// <item>reviews due in the period and completed: every review whose due date D falls in the period (recorded
    /// cycles, and the register's next reviews due by then), completed once the decision was made and, where it was
    /// to amend, the amended plan issued;</item>
    /// <item>children waiting for provision: how many, the median and the longest wait.</item>
    /// </list>
    /// </summary>
    public static KpiReport WithPlacements(
        KpiReport report, IEnumerable<ReviewOutcome> reviews, IEnumerable<RegisterEntry> register, IEnumerable<MonitoringVisitEntry> visits)
    {
        var asOf = report.AsOf;
        var entries = register.ToList();
        return report with
        {
            MonitoredPlacementsVisitedWithin12Months = VisitedWithin12Months(visits, asOf),
            ReviewsDueCompleted = ReviewsCompleted(report.From, report.To, reviews, entries, asOf),
            WaitingForProvision = Waits(entries, asOf),
        };
    }

    static Rate VisitedWithin12Months(IEnumerable<MonitoringVisitEntry> visits, DateOnly asOf)
    {
        var counted = visits
            .Where(v => v.Monitored && (v.LastVisitOn is not null || v.VisitDueOn < asOf))
            .ToList();
        var recent = counted.Count(v => v.LastVisitOn is { } last && last.AddMonths(MonitoringVisits.MonthsBetweenVisits) >= asOf);
        return Rate.Of(recent, counted.Count);
    }

    static Rate ReviewsCompleted(DateOnly from, DateOnly to, IEnumerable<ReviewOutcome> reviews, IReadOnlyList<RegisterEntry> register, DateOnly asOf)
    {
        bool Due(DateOnly d) => d >= from && d <= to && d <= asOf;

        // One line per (plan, cycle due date): a cycle recorded open at its target is replaced by its final outcome.
        var recorded = reviews.Where(r => Due(r.DueOn))
            .GroupBy(r => (r.PlanId, r.DueOn))
            .Select(g => g.Any(Completed))
            .ToList();
        var known = reviews.Select(r => (r.PlanId, r.DueOn)).ToHashSet();
        var notYetRecorded = register.Count(e => !e.Ceased && Due(e.NextReviewDue) && !known.Contains((e.PlanId, e.NextReviewDue)));
        return Rate.Of(recorded.Count(completed => completed), recorded.Count + notYetRecorded);
    }

    /// <summary>A review cycle is completed once decided and, where the decision was to amend, the amended plan issued.</summary>
    internal static bool Completed(ReviewOutcome r) =>
        r.Decision is { } decision && (decision != ReviewDecisionKind.Amend || r.AmendedPlan?.DoneOn is not null);

    static ProvisionWaits Waits(IReadOnlyList<RegisterEntry> register, DateOnly asOf)
    {
        var days = register
            .Where(e => !e.Ceased && e.AwaitingProvision && e.AwaitingProvisionSince is not null)
            .Select(e => asOf.DayNumber - e.AwaitingProvisionSince!.Value.DayNumber)
            .Order()
            .ToList();
        var waiting = register.Count(e => !e.Ceased && e.AwaitingProvision);
        if (days.Count == 0)
        {
            return new ProvisionWaits(waiting, null, null);
        }

        var middle = days.Count / 2;
        double median = days.Count % 2 == 1 ? days[middle] : (days[middle - 1] + days[middle]) / 2.0;
        return new ProvisionWaits(waiting, median, days[^1]);
    }

    /// <summary>"1,280 of 1,737": a count out of a total as the council reports print it.</summary>
    public static string CountOf(Rate rate) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rate.Count:N0} of {rate.Total:N0}");
}

/// <summary>The rates a board reads, one line each: what the charts, the API's figures and the monthly report list.</summary>
public enum KpiMeasure
{
    NewPlansWithin20Weeks,
    NewPlansWithin20WeeksExcludingExceptions,
    ReviewsOnTime,
    SchoolTransferReviewsOnTime,
    Post16TransferReviewsOnTime,
    OtherReviewsOnTime,
    AmendedPlansWithin12Weeks,
    AdviceWithinSixWeeks,
}

/// <summary>One rate of a report; <see cref="Role"/> names the service for advice.</summary>
public sealed record KpiLine(KpiMeasure Measure, ContactRole? Role, Rate Rate);

public static class KpiLines
{
    /// <summary>A report's rates in the order reports list them.</summary>
    public static IReadOnlyList<KpiLine> Of(KpiReport report) =>
    [
        new(KpiMeasure.NewPlansWithin20Weeks, null, report.NewPlansWithin20WeeksIncludingExceptions),
        new(KpiMeasure.NewPlansWithin20WeeksExcludingExceptions, null, report.NewPlansWithin20WeeksExcludingExceptions),
        new(KpiMeasure.ReviewsOnTime, null, report.ReviewsOnTime.All),
        new(KpiMeasure.SchoolTransferReviewsOnTime, null, report.ReviewsOnTime.SchoolTransfers),
        new(KpiMeasure.Post16TransferReviewsOnTime, null, report.ReviewsOnTime.Post16Transfers),
        new(KpiMeasure.OtherReviewsOnTime, null, report.ReviewsOnTime.Others),
        new(KpiMeasure.AmendedPlansWithin12Weeks, null, report.AmendedPlansWithin12WeeksOfMeeting),
        .. report.AdviceWithinSixWeeks.Select(a => new KpiLine(KpiMeasure.AdviceWithinSixWeeks, a.Role, a.WithinSixWeeks)),
    ];
}

/// <summary>Figures over time, for the charts and the monthly report: the same <see cref="Kpis.For"/> month by month.</summary>
public static class KpiTrend
{
    /// <summary>The KPIs of each of the <paramref name="months"/> calendar months ending with the one containing <paramref name="lastDay"/>, oldest first.</summary>
    public static IReadOnlyList<KpiReport> Monthly(
        DateOnly lastDay, int months, IReadOnlyList<AssessmentOutcome> assessments, IReadOnlyList<ReviewOutcome> reviews, DateOnly asOf) =>
        [.. Enumerable.Range(0, months).Reverse()
            .Select(back => new DateOnly(lastDay.Year, lastDay.Month, 1).AddMonths(-back))
            .Where(first => first <= asOf)
            .Select(first => Kpis.For(ReportingPeriod.Month(first.Year, first.Month, asOf), assessments, reviews, [], asOf))];

    /// <summary>
    /// Annual reviews overdue at the end of <paramref name="day"/>: cycles whose due date had passed without their
    /// meeting held (finished cycles from their outcome; running ones from the register, whose current cycle has no
    /// outcome yet). On the day the figures are taken it is the register's count, as in <see cref="KpiReport.OverdueReviews"/>.
    /// </summary>
    public static int OverdueReviewsOn(DateOnly day, IReadOnlyList<ReviewOutcome> reviews, IReadOnlyList<RegisterEntry> register)
    {
        var running = register.Where(e => !e.Ceased).Select(e => (e.PlanId, e.NextReviewDue)).ToHashSet();
        bool OverdueThen(ReviewOutcome r) =>
            r.DueOn < day && !((r.MeetingOn ?? r.DecisionOn) is { } ended && ended <= day) && !running.Contains((r.PlanId, r.DueOn));
        var finished = reviews.Count(OverdueThen);
        return finished + register.Count(e => !e.Ceased && e.NextReviewDue < day);
    }
}
