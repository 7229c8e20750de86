namespace SendWorkflows.Domain;

/// <summary>
/// One calendar month's KPI counts, per day of the month (ADR 0105): for each line (<see cref="KpiSummaryLines"/>) an
/// array of 31 counts, index 0 for the 1st. Only lines with a count are kept. A period's figures add up the days it
/// spans, so a month cut by a custom range still gives the figures of <see cref="Kpis.For"/>.
/// </summary>
public sealed record KpiMonthSummary(DateOnly Month, IReadOnlyDictionary<string, int[]> Days)
{
    public int On(string line, DateOnly day) =>
        Days.TryGetValue(line, out var counts) && day.Year == Month.Year && day.Month == Month.Month ? counts[day.Day - 1] : 0;
}

/// <summary>A review cycle recorded without a meeting or a decision: it may still be the register's current cycle.</summary>
public sealed record OpenReviewCycle(string PlanId, DateOnly DueOn);

/// <summary>
/// The names of the per-day lines of a <see cref="KpiMonthSummary"/>, by the date a KPI selects a record by. A limit
/// is counted three ways by its due day: met (done by the due date), late (done after it) and not done; as of any
/// day, "missed" is late plus not done with the due date before that day, which is exactly <see cref="LimitCheck"/>.
/// </summary>
public static class KpiSummaryLines
{
    public const string NewPlans = "plans";
    public const string NewPlansIn20Weeks = "plans.in20";
    public const string NewPlansWithoutException = "plans.noexc";
    public const string NewPlansWithoutExceptionIn20Weeks = "plans.noexc.in20";
    public const string ReviewCycles = "cycles";
    public const string ReviewCyclesCompleted = "cycles.done";
    public const string SurveysSent = "survey.sent";
    public const string SurveysAnswered = "survey.answered";
    public const string SurveysInvolved = "survey.involved";
    public const string SurveysCommunicationGood = "survey.good";
    public const string Amended = "amended";

    /// <summary>Review cycles recorded as ended (meeting or decision) that were overdue at the end of the day.</summary>
    public const string OverdueEndedCycles = "overdue.ended";

    public static string Exceptions(ExceptionReason reason) => "exc." + reason;

    public static string Advice(ContactRole role) => "advice." + role;

    public static string Meetings(TransferKind transfer) => "meeting." + transfer;

    public const string Met = ".met";
    public const string Late = ".late";
    public const string NotDone = ".none";
}

/// <summary>
/// The KPIs from per-month summaries instead of every outcome (ADR 0105): <see cref="For"/> equals
/// <see cref="Kpis.For"/>, <see cref="Trend"/> equals <see cref="KpiTrend.Monthly"/> and <see cref="OverdueReviewsOn"/>
/// equals <see cref="KpiTrend.OverdueReviewsOn"/> over the outcomes the summaries were made from, for any period whose
/// months they hold and any day. One assumption, which the review workflow keeps: a cycle the register still runs
/// (not ceased, its next review due on the cycle's due date) was recorded, if at all, without a meeting or a decision
/// (its final outcome is recorded as the cycle ends, and the next cycle then moves the register on); such cycles are
/// listed in <see cref="Open"/>.
/// </summary>
public sealed class KpiSummarySet(IReadOnlyDictionary<DateOnly, KpiMonthSummary> months, IReadOnlyList<OpenReviewCycle> open)
{
    public IReadOnlyDictionary<DateOnly, KpiMonthSummary> Months { get; } = months;

    public IReadOnlyList<OpenReviewCycle> Open { get; } = open;

    /// <summary>The summaries of every month from <paramref name="firstMonth"/> to <paramref name="lastMonth"/> over whole lists of outcomes.</summary>
    public static KpiSummarySet Of(
        DateOnly firstMonth, DateOnly lastMonth, IReadOnlyList<AssessmentOutcome> assessments, IReadOnlyList<ReviewOutcome> reviews, IReadOnlyList<FamilySurveyOutcome> surveys)
    {
        var months = new Dictionary<DateOnly, KpiMonthSummary>();
        for (var month = FirstOfMonth(firstMonth); month <= lastMonth; month = month.AddMonths(1))
        {
            months[month] = Summarise(month, assessments, reviews, surveys);
        }

        return new KpiSummarySet(months, OpenCycles(reviews));
    }

    /// <summary>
    /// The month starting <paramref name="month"/>, from outcomes that include every one a KPI selects by a date in it
    /// (more are harmless: each line counts only records whose date is in the month). One record per outcome key.
    /// </summary>
    public static KpiMonthSummary Summarise(
        DateOnly month, IEnumerable<AssessmentOutcome> assessments, IEnumerable<ReviewOutcome> reviews, IEnumerable<FamilySurveyOutcome> surveys)
    {
        month = FirstOfMonth(month);
        var days = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        bool InMonth(DateOnly day) => day.Year == month.Year && day.Month == month.Month;
        void Add(string line, DateOnly day)
        {
            if (!days.TryGetValue(line, out var counts))
            {
                days[line] = counts = new int[31];
            }

            counts[day.Day - 1]++;
        }

        void AddLimit(string line, DateOnly due, DateOnly? done) =>
            Add(line + (done is not { } d ? KpiSummaryLines.NotDone : d <= due ? KpiSummaryLines.Met : KpiSummaryLines.Late), due);

        foreach (var assessment in assessments)
        {
            if (assessment.End == AssessmentEnd.FinalPlanIssued && InMonth(assessment.EndedOn))
            {
                var in20 = Kpis.IssuedWithin20Weeks(assessment);
                var day = assessment.EndedOn;
                Add(KpiSummaryLines.NewPlans, day);
                if (in20)
                {
                    Add(KpiSummaryLines.NewPlansIn20Weeks, day);
                }

                if (!Reg10Exceptions.HasValidException(assessment))
                {
                    Add(KpiSummaryLines.NewPlansWithoutException, day);
                    if (in20)
                    {
                        Add(KpiSummaryLines.NewPlansWithoutExceptionIn20Weeks, day);
                    }
                }

                foreach (var exception in Reg10Exceptions.ValidFor(assessment))
                {
                    Add(KpiSummaryLines.Exceptions(exception.Reason), day);
                }
            }

            foreach (var advice in assessment.Advice.Where(a => InMonth(a.DueOn)))
            {
                AddLimit(KpiSummaryLines.Advice(advice.Role), advice.DueOn, advice.ReceivedOn);
            }
        }

        var cycles = new Dictionary<(string PlanId, DateOnly DueOn), bool>();
        foreach (var review in reviews)
        {
            if (InMonth(review.Meeting.DueOn))
            {
                AddLimit(KpiSummaryLines.Meetings(review.Transfer), review.Meeting.DueOn, review.MeetingOn);
            }

            if (review is { Decision: ReviewDecisionKind.Amend, MeetingOn: { } meetingOn } && StatutoryCalendar.AmendedPlanLatest(meetingOn) is var latest && InMonth(latest))
            {
                AddLimit(KpiSummaryLines.Amended, latest, review.AmendedPlan?.DoneOn);
            }

            if (InMonth(review.DueOn))
            {
                cycles[(review.PlanId, review.DueOn)] = cycles.GetValueOrDefault((review.PlanId, review.DueOn)) || Kpis.Completed(review);
            }

            // Overdue at the end of day D: due before D and not ended (meeting, else decision) by D.
            if ((review.MeetingOn ?? review.DecisionOn) is { } ended && review.DueOn.DayNumber + 1 < ended.DayNumber)
            {
                var monthEnd = new DateOnly(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month));
                var (first, last) = (Later(month, review.DueOn.AddDays(1)), Earlier(monthEnd, ended.AddDays(-1)));
                for (var day = first; day <= last; day = day.AddDays(1))
                {
                    Add(KpiSummaryLines.OverdueEndedCycles, day);
                }
            }
        }

        foreach (var ((_, dueOn), completed) in cycles)
        {
            Add(KpiSummaryLines.ReviewCycles, dueOn);
            if (completed)
            {
                Add(KpiSummaryLines.ReviewCyclesCompleted, dueOn);
            }
        }

        foreach (var survey in surveys.Where(s => InMonth(s.SentOn)))
        {
            Add(KpiSummaryLines.SurveysSent, survey.SentOn);
            if (survey.AnsweredOn is not null)
            {
                Add(KpiSummaryLines.SurveysAnswered, survey.SentOn);
                if (survey.Involved == true)
                {
                    Add(KpiSummaryLines.SurveysInvolved, survey.SentOn);
                }

                if (survey.CommunicationGood == true)
                {
                    Add(KpiSummaryLines.SurveysCommunicationGood, survey.SentOn);
                }
            }
        }

        return new KpiMonthSummary(month, days);
    }

    /// <summary>The cycles recorded without a meeting or a decision (those a register entry may still be running).</summary>
    public static IReadOnlyList<OpenReviewCycle> OpenCycles(IEnumerable<ReviewOutcome> reviews) =>
        [.. reviews.Where(r => r.MeetingOn is null && r.DecisionOn is null && r.DueOn != DateOnly.MaxValue)
            .Select(r => new OpenReviewCycle(r.PlanId, r.DueOn))
            .Distinct()
            .OrderBy(c => c.DueOn).ThenBy(c => c.PlanId, StringComparer.Ordinal)];

    /// <summary>What <see cref="Kpis.For"/> gives for the outcomes summarised, <paramref name="register"/> and <paramref name="visits"/>.</summary>
    public KpiReport For(ReportingPeriod period, IEnumerable<RegisterEntry> register, DateOnly asOf, IEnumerable<MonitoringVisitEntry>? visits = null)
    {
        var entries = register.ToList();
        var report = Compute(period.From, period.To, entries, asOf, surveys: true);
        return visits is null
            ? report
            : Kpis.WithPlacements(report, [], entries, visits) with { ReviewsDueCompleted = ReviewsCompleted(period.From, period.To, entries, asOf) };
    }

    /// <summary>What <see cref="KpiTrend.Monthly"/> gives (its reports have no register and no surveys).</summary>
    public IReadOnlyList<KpiReport> Trend(DateOnly lastDay, int months, DateOnly asOf) =>
        [.. Enumerable.Range(0, months).Reverse()
            .Select(back => new DateOnly(lastDay.Year, lastDay.Month, 1).AddMonths(-back))
            .Where(first => first <= asOf)
            .Select(first => ReportingPeriod.Month(first.Year, first.Month, asOf))
            .Select(month => Compute(month.From, month.To, [], asOf, surveys: false))];

    /// <summary>What <see cref="KpiTrend.OverdueReviewsOn"/> gives: recorded cycles overdue at the end of the day and the register's late plans.</summary>
    public int OverdueReviewsOn(DateOnly day, IReadOnlyList<RegisterEntry> register)
    {
        var running = register.Where(e => !e.Ceased).Select(e => (e.PlanId, e.NextReviewDue)).ToHashSet();
        var ended = Month(day).On(KpiSummaryLines.OverdueEndedCycles, day);
        var open = Open.Count(c => c.DueOn < day && !running.Contains((c.PlanId, c.DueOn)));
        return ended + open + register.Count(e => !e.Ceased && e.NextReviewDue < day);
    }

    KpiReport Compute(DateOnly from, DateOnly to, IReadOnlyList<RegisterEntry> register, DateOnly asOf, bool surveys)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        int Sum(string line) => SumOf(line, from, to);

        // A limit not done counts as missed once its due date is before asOf.
        Rate RateOf(string line)
        {
            var met = Sum(line + KpiSummaryLines.Met);
            var missed = Sum(line + KpiSummaryLines.Late) + SumOf(line + KpiSummaryLines.NotDone, from, Earlier(to, asOf.AddDays(-1)));
            return Rate.Of(met, met + missed);
        }

        var newPlans = Sum(KpiSummaryLines.NewPlans);
        var withoutException = Sum(KpiSummaryLines.NewPlansWithoutException);
        Rate Reviews(TransferKind transfer) => RateOf(KpiSummaryLines.Meetings(transfer));
        var (school, post16, others) = (Reviews(TransferKind.School), Reviews(TransferKind.Post16), Reviews(TransferKind.None));
        var all = Rate.Of(school.Count + post16.Count + others.Count, school.Total + post16.Total + others.Total);
        var overdue = register.Where(e => !e.Ceased && e.NextReviewDue < asOf).Select(e => e.PlanId).Order(StringComparer.Ordinal).ToList();

        return new KpiReport(
            from,
            to,
            asOf,
            newPlans,
            Rate.Of(Sum(KpiSummaryLines.NewPlansIn20Weeks), newPlans),
            Rate.Of(Sum(KpiSummaryLines.NewPlansWithoutExceptionIn20Weeks), withoutException),
            newPlans - withoutException,
            [.. Enum.GetValues<ExceptionReason>().Select(r => new ExceptionCount(r, Sum(KpiSummaryLines.Exceptions(r))))],
            [.. Enum.GetValues<ContactRole>().Select(role => new AdviceRate(role, RateOf(KpiSummaryLines.Advice(role))))],
            new ReviewRates(school, post16, others, all),
            RateOf(KpiSummaryLines.Amended),
            new OverdueReviews(overdue.Count, overdue),
            FamilySurveys(from, to, none: !surveys));
    }

    FamilySurveyKpis FamilySurveys(DateOnly from, DateOnly to, bool none)
    {
        FamilySurveyRates Rates(DateOnly first, DateOnly last)
        {
            int Sum(string line) => none ? 0 : SumOf(line, first, last);
            var (sent, answered) = (Sum(KpiSummaryLines.SurveysSent), Sum(KpiSummaryLines.SurveysAnswered));
            return new FamilySurveyRates(
                Rate.Of(answered, sent),
                Rate.Of(Sum(KpiSummaryLines.SurveysInvolved), answered),
                Rate.Of(Sum(KpiSummaryLines.SurveysCommunicationGood), answered));
        }

        var months = new List<MonthlyFamilySurveyRates>();
        for (var month = FirstOfMonth(from); month <= to; month = month.AddMonths(1))
        {
            var (first, last) = (Later(month, from), Earlier(month.AddMonths(1).AddDays(-1), to));
            months.Add(new MonthlyFamilySurveyRates(month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), Rates(first, last)));
        }

        return new FamilySurveyKpis(Rates(from, to), months);
    }

    /// <summary>As <see cref="Kpis.WithPlacements"/>: cycles due by asOf in the period, completed; plus the register's due cycles not recorded.</summary>
    Rate ReviewsCompleted(DateOnly from, DateOnly to, IReadOnlyList<RegisterEntry> register, DateOnly asOf)
    {
        var last = Earlier(to, asOf);
        var recorded = SumOf(KpiSummaryLines.ReviewCycles, from, last);
        var completed = SumOf(KpiSummaryLines.ReviewCyclesCompleted, from, last);
        var known = Open.Where(c => c.DueOn >= from && c.DueOn <= last).Select(c => (c.PlanId, c.DueOn)).ToHashSet();
        var notYetRecorded = register.Count(e => !e.Ceased && e.NextReviewDue >= from && e.NextReviewDue <= last && !known.Contains((e.PlanId, e.NextReviewDue)));
        return Rate.Of(completed, recorded + notYetRecorded);
    }

    /// <summary>The counts of <paramref name="line"/> on the days <paramref name="from"/> to <paramref name="to"/> (none when to is before from).</summary>
    int SumOf(string line, DateOnly from, DateOnly to)
    {
        var total = 0;
        for (var month = FirstOfMonth(from); month <= to; month = month.AddMonths(1))
        {
            if (!Month(month).Days.TryGetValue(line, out var counts))
            {
                continue;
            }

            var (first, last) = (Later(month, from), Earlier(month.AddMonths(1).AddDays(-1), to));
            for (var day = first.Day; day <= last.Day; day++)
            {
                total += counts[day - 1];
            }
        }

        return total;
    }

    KpiMonthSummary Month(DateOnly day) =>
        Months.TryGetValue(FirstOfMonth(day), out var summary)
            ? summary
            : throw new InvalidOperationException($"No KPI summary of {day:yyyy-MM} was read: the caller must read every month of the period.");

    static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;
}
