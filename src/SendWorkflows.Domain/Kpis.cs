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
    OverdueReviews OverdueReviews)
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
        DateOnly asOf) => Compute(period.From, period.To, assessments, reviews, register, asOf);

    public static KpiReport Compute(
        DateOnly from,
        DateOnly to,
        IEnumerable<AssessmentOutcome> assessments,
        IEnumerable<ReviewOutcome> reviews,
        IEnumerable<RegisterEntry> register,
        DateOnly asOf)
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
            Overdue(register, asOf));
    }

    static bool IssuedWithin20Weeks(AssessmentOutcome plan)
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
