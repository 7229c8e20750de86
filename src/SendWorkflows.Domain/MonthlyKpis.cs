namespace SendWorkflows.Domain;

/// <summary>One KPI for the month and the academic year to date, each beside the same period a year before.</summary>
public sealed record KpiComparison(KpiMeasure Measure, ContactRole? Role, Rate Month, Rate MonthYearBefore, Rate YearToDate, Rate YearToDateYearBefore);

/// <summary>One month of the 20-week trend.</summary>
public sealed record MonthRate(DateOnly Month, Rate Within20Weeks, Rate Within20WeeksExcludingExceptions);

/// <summary>
/// The figures of the monthly report to the assistant director (contract section 4): the month just ended and the
/// academic year to its end, each against the year before, the 12-month 20-week trend and the backlog on the day.
/// Plain data, so the notification log keeps exactly what was sent.
/// </summary>
public sealed record MonthlyKpis(
    DateOnly MonthFrom,
    DateOnly MonthTo,
    DateOnly YearFrom,
    DateOnly AsOf,
    int NewPlansMonth,
    int NewPlansMonthYearBefore,
    int NewPlansYearToDate,
    int NewPlansYearToDateYearBefore,
    int OverdueReviews,
    IReadOnlyList<KpiComparison> Lines,
    IReadOnlyList<MonthRate> Trend)
{
    /// <summary>
    /// The report for the month starting <paramref name="month"/>, its limits judged as of <paramref name="asOf"/>
    /// (the send date): the same <see cref="Kpis.For"/> as the dashboard for those periods on that day.
    /// </summary>
    public static MonthlyKpis For(
        DateOnly month, IReadOnlyList<AssessmentOutcome> assessments, IReadOnlyList<ReviewOutcome> reviews, IReadOnlyList<RegisterEntry> register, DateOnly asOf) =>
        For(month, asOf, period => Kpis.For(period, assessments, reviews, register, asOf), monthEnd => KpiTrend.Monthly(monthEnd, 12, assessments, reviews, asOf));

    /// <summary>
    /// The same report from per-month summaries (ADR 0105): <paramref name="summaries"/> must hold every month from
    /// <see cref="FirstMonthRead"/> to <paramref name="month"/>; <paramref name="register"/> needs only the plans whose
    /// review was due before <paramref name="asOf"/> (the backlog).
    /// </summary>
    public static MonthlyKpis For(DateOnly month, KpiSummarySet summaries, IReadOnlyList<RegisterEntry> register, DateOnly asOf) =>
        For(month, asOf, period => summaries.For(period, register, asOf), monthEnd => summaries.Trend(monthEnd, 12, asOf));

    /// <summary>The earliest month the report for <paramref name="month"/> reads: the year before's academic year start, or the trend's first month.</summary>
    public static DateOnly FirstMonthRead(DateOnly month)
    {
        var yearBefore = ReportingPeriod.YearToDate(AcademicYear.Containing(month), month).YearBefore().From;
        var trendStart = month.AddMonths(-11);
        return yearBefore < trendStart ? yearBefore : trendStart;
    }

    static MonthlyKpis For(DateOnly month, DateOnly asOf, Func<ReportingPeriod, KpiReport> kpis, Func<DateOnly, IReadOnlyList<KpiReport>> monthlyTrend)
    {
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var monthPeriod = ReportingPeriod.Month(month.Year, month.Month, monthEnd);
        var yearPeriod = ReportingPeriod.YearToDate(AcademicYear.Containing(month), monthEnd);
        var (m, mBefore, y, yBefore) = (kpis(monthPeriod), kpis(monthPeriod.YearBefore()), kpis(yearPeriod), kpis(yearPeriod.YearBefore()));
        // The four reports list the same measures in the same order (KpiLines.Of).
        var (lm, lmb, ly, lyb) = (KpiLines.Of(m), KpiLines.Of(mBefore), KpiLines.Of(y), KpiLines.Of(yBefore));
        var lines = lm.Select((line, i) => new KpiComparison(line.Measure, line.Role, line.Rate, lmb[i].Rate, ly[i].Rate, lyb[i].Rate)).ToList();
        var trend = monthlyTrend(monthEnd)
            .Select(r => new MonthRate(r.From, r.NewPlansWithin20WeeksIncludingExceptions, r.NewPlansWithin20WeeksExcludingExceptions))
            .ToList();
        return new MonthlyKpis(monthPeriod.From, monthPeriod.To, yearPeriod.From, asOf,
            m.NewPlansIssued, mBefore.NewPlansIssued, y.NewPlansIssued, yBefore.NewPlansIssued, y.OverdueReviews.Count, lines, trend);
    }
}
