using System.Globalization;
using SendWorkflows.Domain;
using SendWorkflows.Web.Pages;
using SendWorkflows.Infrastructure.Email.Templates;

namespace SendWorkflows.Web.Dashboard;

/// <summary>The figures behind the overview's KPI section: the period's report, its 12-month trend and the backlog over time.</summary>
public sealed record KpiView(ReportingPeriod Period, KpiReport Report, IReadOnlyList<KpiReport> Trend, IReadOnlyList<(DateOnly On, int Overdue)> Backlog);

/// <summary>The KPIs the council reports publish, for the chosen period: tiles, then charts each with its figures.</summary>
public static class KpiSection
{
    public static Html Render(KpiView view)
    {
        var report = view.Report;
        var months = view.Trend.Select(t => t.From.ToString("MMM yy", CultureInfo.InvariantCulture)).ToList();
        var trend = SvgChart.Lines("chart-20-weeks", "New plans issued within 20 weeks, by month (%)", months,
        [
            new Series("Including exceptions", "#1d70b8", "", view.Trend.Select(t => t.NewPlansWithin20WeeksIncludingExceptions.Percent).ToList()),
            new Series("Excluding exceptions", "#0b0c0c", "8 5", view.Trend.Select(t => t.NewPlansWithin20WeeksExcludingExceptions.Percent).ToList()),
        ], 100, "%", "No new plan was issued in these 12 months, so there is no 20-week rate to draw.");
        var reviews = SvgChart.Bars("chart-reviews", "Annual reviews on time, by cohort (%)",
        [
            RateBar(KpiMeasure.SchoolTransferReviewsOnTime, report.ReviewsOnTime.SchoolTransfers),
            RateBar(KpiMeasure.Post16TransferReviewsOnTime, report.ReviewsOnTime.Post16Transfers),
            RateBar(KpiMeasure.OtherReviewsOnTime, report.ReviewsOnTime.Others),
            RateBar(KpiMeasure.ReviewsOnTime, report.ReviewsOnTime.All),
        ], "No annual review meeting fell due and was decided in this period, so there is no rate to show.", "On time");
        var advice = SvgChart.Bars("chart-advice", "Advice within 6 weeks, by service (%)",
            report.AdviceWithinSixWeeks.Select(a => RateBar(KpiMeasure.AdviceWithinSixWeeks, a.WithinSixWeeks, a.Role)).ToList(),
            "No assessment advice fell due and was decided in this period, so there is no rate to show.", "Within 6 weeks");
        var backlogMax = NiceCeiling(view.Backlog.Count == 0 ? 0 : view.Backlog.Max(b => b.Overdue));
        var backlog = SvgChart.Lines("chart-backlog", "Annual reviews overdue at the end of each month", 
            view.Backlog.Select(b => b.On.ToString("MMM yy", CultureInfo.InvariantCulture)).ToList(),
            [new Series("Reviews overdue", "#ca3535", "", view.Backlog.Select(b => (double?)b.Overdue).ToList())],
            backlogMax, "", "There is no register yet, so there is no backlog to draw.");

        return Html.Of($"""
            <h2 class="govuk-heading-m" id="kpi-heading">KPIs: {view.Period.Describe()}</h2>
            <p class="govuk-body govuk-hint">Limits falling due from {Day(report.From)} to {Day(report.To)}, as decided on {Day(report.AsOf)}; new plans by the date they were issued. Limits not yet due or not yet decided are left out.</p>
            <div class="app-tiles">
              {Govuk.Tile("kpi-new-plans", Percent(report.NewPlansWithin20WeeksIncludingExceptions), Html.Of($"new plans within 20 weeks ({report.NewPlansIssued} issued; {report.NewPlansWithValidException} with a valid exception)"))}
              {Govuk.Tile("kpi-new-plans-excluding", Percent(report.NewPlansWithin20WeeksExcludingExceptions), Html.Of($"new plans within 20 weeks, excluding exceptions"))}
              {Govuk.Tile("kpi-reviews", Percent(report.ReviewsOnTime.All), Html.Of($"annual reviews within timescale"))}
              {Govuk.Tile("kpi-amended", Percent(report.AmendedPlansWithin12WeeksOfMeeting), Html.Of($"amended plans within 12 weeks of the meeting"))}
              {Govuk.Tile("kpi-backlog", report.OverdueReviews.Count, Html.Of($"{Plural.Of(report.OverdueReviews.Count, "review", "reviews")} overdue (backlog) on {Day(report.AsOf)}"), report.OverdueReviews.Count > 0)}
              {PlacementTiles(report)}
            </div>
            <div class="app-charts">{trend}{backlog}{reviews}{advice}</div>
            {FamilySurvey(report)}
            """);
    }

    /// <summary>
    /// The family survey: the academic year to date (from 1 September) as tiles, and month by month as a table.
    /// Answers count toward the month their survey was sent in.
    /// </summary>
    static Html FamilySurvey(KpiReport report)
    {
        if (report.FamilySurveys is not { } surveys)
        {
            return Html.Empty;
        }

        var yearStart = new DateOnly(report.To.Month >= 9 ? report.To.Year : report.To.Year - 1, 9, 1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var yearToDate = Sum(surveys.ByMonth.Where(m => string.CompareOrdinal(m.Month, yearStart) >= 0).Select(m => m.Rates).ToList());
        var rows = surveys.ByMonth.Where(m => m.Rates.Answered.Total > 0).Reverse().Select(m => Govuk.Row(
            MonthName(m.Month), Cell(m.Rates.Answered), Cell(m.Rates.FullyInvolved), Cell(m.Rates.CommunicationGood)));
        return Html.Of($"""
            <h2 class="govuk-heading-m">What families told us</h2>
            <p class="govuk-body">Families get 2 questions 2 weeks after a final plan and after each review decision. Academic year to date (from 1 September):</p>
            <div class="app-tiles">
              {Govuk.Tile("kpi-family-response", Percent(yearToDate.Answered), Html.Of($"of families answered the survey ({yearToDate.Answered.Count} of {yearToDate.Answered.Total})"))}
              {Govuk.Tile("kpi-family-involved", Percent(yearToDate.FullyInvolved), Html.Of($"felt fully involved ({yearToDate.FullyInvolved.Count} of {yearToDate.FullyInvolved.Total} who answered)"))}
              {Govuk.Tile("kpi-family-communication", Percent(yearToDate.CommunicationGood), Html.Of($"said communication was good ({yearToDate.CommunicationGood.Count} of {yearToDate.CommunicationGood.Total} who answered)"))}
            </div>
            {Govuk.Table("family-survey-months", "Family survey by month the survey was sent", ["Month", "Answered", "Fully involved", "Communication good"], rows, "No family surveys were sent in the last 12 months.")}
            """);
    }

    static FamilySurveyRates Sum(IReadOnlyList<FamilySurveyRates> months) => new(
        Add(months.Select(m => m.Answered)), Add(months.Select(m => m.FullyInvolved)), Add(months.Select(m => m.CommunicationGood)));

    static Rate Add(IEnumerable<Rate> rates)
    {
        var list = rates.ToList();
        return Rate.Of(list.Sum(r => r.Count), list.Sum(r => r.Total));
    }

    static string Cell(Rate rate) => rate.Total == 0 ? "none yet" : $"{rate.Percent}% ({rate.Count} of {rate.Total})";

    static string MonthName(string month) =>
        DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Monitoring visits, reviews completed ("1,280 of 1,737") and waits for provision, when the report has them.</summary>
    static Html PlacementTiles(KpiReport report)
    {
        var tiles = new List<Html>();
        if (report.MonitoredPlacementsVisitedWithin12Months is { } visited)
        {
            tiles.Add(Govuk.Tile("kpi-visits", Percent(visited), Html.Of($"monitored placements visited within 12 months")));
        }

        if (report.ReviewsDueCompleted is { } completed)
        {
            tiles.Add(Govuk.Tile("kpi-reviews-completed", Kpis.CountOf(completed), Html.Of($"reviews due in the period completed (decision made, amended plan issued where amended)")));
        }

        if (report.WaitingForProvision is { } waits)
        {
            var detail = waits.MedianDays is { } median
                ? $"{Plural.Of(waits.Waiting, "child", "children")} awaiting provision (median wait {Plural.Count(median, "day", "days")}, longest {Plural.Count(waits.LongestDays ?? 0, "day", "days")})"
                : $"{Plural.Of(waits.Waiting, "child", "children")} awaiting provision";
            tiles.Add(Govuk.Tile("kpi-waiting", waits.Waiting, Html.Of($"{detail}"), waits.Waiting > 0));
        }

        return Html.Join(tiles);
    }

    static Bar RateBar(KpiMeasure measure, Rate rate, ContactRole? role = null) =>
        new(role is { } r ? Labels.Of(r) : Labels.Of(measure), rate.Percent, 100,
            rate.Total == 0 ? "none due in this period" : Labels.Of(rate), rate.Percent < 60);

    /// <summary>A tile's figure: the percentage with its count, or n/a with nothing to count.</summary>
    static Html Percent(Rate rate) => rate.Percent is { } percent
        ? Html.Of($"{percent.ToString("0.#", CultureInfo.InvariantCulture)}%<span class=\"app-tile__count\"> {rate.Count} of {rate.Total}</span>")
        : Html.Of($"n/a<span class=\"app-tile__count\"> none due</span>");

    static double NiceCeiling(int max) => max <= 4 ? 4 : Math.Ceiling(max / 4.0) * 4;

    static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
