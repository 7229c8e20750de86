using System.Globalization;
using SendWorkflows.Domain;

namespace SendWorkflows.Workflows;

/// <summary>
/// The outcome log's index by month (ADR 0104), kept by the log's store as each outcome is recorded: every outcome is
/// filed under the months <see cref="OutcomeMonths.Of"/> names, so the KPIs of a period read the months it spans, never
/// the whole log. Filed under its key, so recording an outcome again (an activity that runs twice, a later record under
/// the same key) leaves one copy per month, and a month it no longer belongs to loses its copy.
/// </summary>
public interface IOutcomesByMonth
{
    /// <summary>
    /// The outcomes filed under any shelf key in the <paramref name="ranges"/> (both ends included). An outcome filed
    /// under several of them may come more than once; callers keep one per <see cref="RecordedOutcome.Key"/>.
    /// </summary>
    IAsyncEnumerable<RecordedOutcome> FiledUnderAsync(IReadOnlyList<ShelfRange> ranges, CancellationToken cancellationToken = default);
}

/// <summary>A range of shelf keys (<see cref="OutcomeMonths"/>), both ends included.</summary>
public sealed record ShelfRange(string First, string Last)
{
    public bool Contains(string shelf) => string.CompareOrdinal(shelf, First) >= 0 && string.CompareOrdinal(shelf, Last) <= 0;
}

/// <summary>
/// Where an outcome is filed for the KPIs (ADR 0104): a shelf key per month a KPI selects it by. <c>a:yyyy-MM</c> for an
/// assessment (the month it ended, and each advice's due month); <c>r:yyyy-MM</c> for a review cycle (its due month, its
/// meeting's due month, the month its amended plan was due at the latest); <c>s:yyyy-MM</c> for a family survey (sent);
/// <c>o:yyyy-MM</c> for every month a review cycle was overdue on some day of (the backlog chart), or <c>o:open</c>
/// while it has no meeting or decision. The KPI functions still apply their own date rules to what they read, so a
/// superset is harmless and the figures equal those over the whole log.
/// </summary>
public static class OutcomeMonths
{
    public const string OverdueOpen = "o:open";

    /// <summary>The shelf keys of <paramref name="outcome"/>.</summary>
    public static IReadOnlySet<string> Of(RecordedOutcome outcome)
    {
        var shelves = new SortedSet<string>(StringComparer.Ordinal);
        if (outcome.Assessment is { } assessment)
        {
            shelves.Add(Key('a', assessment.EndedOn));
            foreach (var advice in assessment.Advice)
            {
                shelves.Add(Key('a', advice.DueOn));
            }
        }

        if (outcome.Review is { } review)
        {
            shelves.Add(Key('r', review.DueOn));
            shelves.Add(Key('r', review.Meeting.DueOn));
            if (review is { Decision: ReviewDecisionKind.Amend, MeetingOn: { } meetingOn })
            {
                shelves.Add(Key('r', StatutoryCalendar.AmendedPlanLatest(meetingOn)));
            }

            AddOverdue(shelves, review);
        }

        if (outcome.Survey is { } survey)
        {
            shelves.Add(Key('s', survey.SentOn));
        }

        return shelves;
    }

    /// <summary>
    /// The months with a day D on which the cycle counts as overdue in <see cref="KpiTrend.OverdueReviewsOn"/>: due before
    /// D, and no meeting (or decision) by D. Without either it is overdue from then on: <see cref="OverdueOpen"/>.
    /// </summary>
    static void AddOverdue(SortedSet<string> shelves, ReviewOutcome review)
    {
        if (review.DueOn == DateOnly.MaxValue)
        {
            return;
        }

        if ((review.MeetingOn ?? review.DecisionOn) is not { } ended)
        {
            shelves.Add(OverdueOpen);
            return;
        }

        var first = review.DueOn.AddDays(1);
        if (ended.DayNumber - 1 < first.DayNumber)
        {
            return;
        }

        var last = ended.AddDays(-1);
        for (var month = FirstOfMonth(first); month <= last; month = month.AddMonths(1))
        {
            shelves.Add(Key('o', month));
        }
    }

    /// <summary>What the KPIs of <paramref name="from"/>..<paramref name="to"/> read: the assessment, review and survey months it spans.</summary>
    public static IReadOnlyList<ShelfRange> ForPeriod(DateOnly from, DateOnly to) =>
        [Range('a', from, to), Range('r', from, to), Range('s', from, to)];

    /// <summary>What the charts of the months <paramref name="from"/>..<paramref name="to"/> read: assessments (the 20-week trend) and the overdue cycles.</summary>
    public static IReadOnlyList<ShelfRange> ForCharts(DateOnly from, DateOnly to) =>
        [Range('a', from, to), Range('o', from, to), new ShelfRange(OverdueOpen, OverdueOpen)];

    /// <summary>
    /// What the KPI summaries of the months <paramref name="from"/>..<paramref name="to"/> are made from (ADR 0105): every
    /// shelf of those months, and the cycles without a meeting or decision (<see cref="OverdueOpen"/>).
    /// </summary>
    public static IReadOnlyList<ShelfRange> ForSummaries(DateOnly from, DateOnly to) =>
        [Range('a', from, to), Range('o', from, to), new ShelfRange(OverdueOpen, OverdueOpen), Range('r', from, to), Range('s', from, to)];

    /// <summary>The KPI summaries of the months <paramref name="from"/>..<paramref name="to"/> from outcomes filed under them (one per key).</summary>
    public static KpiSummarySet Summaries(DateOnly from, DateOnly to, IEnumerable<RecordedOutcome> outcomes)
    {
        var recorded = outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        var assessments = recorded.Select(o => o.Assessment).OfType<AssessmentOutcome>().ToList();
        var reviews = recorded.Select(o => o.Review).OfType<ReviewOutcome>().ToList();
        var surveys = recorded.Select(o => o.Survey).OfType<FamilySurveyOutcome>().ToList();
        return KpiSummarySet.Of(from, to, assessments, reviews, surveys);
    }

    public static string Key(char shelf, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{shelf}:{day:yyyy-MM}");

    static ShelfRange Range(char shelf, DateOnly from, DateOnly to) => new(Key(shelf, from), Key(shelf, to));

    static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>Whether <paramref name="outcome"/> is filed under any of <paramref name="ranges"/> (a store without the index filters its scan with this).</summary>
    public static bool IsFiledUnder(RecordedOutcome outcome, IReadOnlyList<ShelfRange> ranges) =>
        Of(outcome).Any(shelf => ranges.Any(r => r.Contains(shelf)));
}
