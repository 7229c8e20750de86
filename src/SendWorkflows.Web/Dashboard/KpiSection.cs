using SendWorkflows.Domain;
using SendWorkflows.Host.Web;
using SendWorkflows.Infrastructure.Email.Templates;

namespace SendWorkflows.Host.Dashboard;

/// <summary>The KPIs the council reports publish, as tiles and small bar charts (percentages out of 100).</summary>
public static class KpiSection
{
    public static Html Render(KpiReport report)
    {
        var rates = BarChart.Render("Statutory limits met (%)",
        [
            RateBar("New plans in 20 weeks", report.NewPlansWithin20WeeksIncludingExceptions),
            RateBar("... excluding exceptions", report.NewPlansWithin20WeeksExcludingExceptions),
            RateBar("Reviews: school transfer", report.ReviewsOnTime.SchoolTransfers),
            RateBar("Reviews: post-16 transfer", report.ReviewsOnTime.Post16Transfers),
            RateBar("Reviews: others", report.ReviewsOnTime.Others),
            RateBar("Amended plans in 12 wks", report.AmendedPlansWithin12WeeksOfMeeting),
        ]);
        var advice = BarChart.Render("Advice within 6 weeks, by service (%)",
            report.AdviceWithinSixWeeks.Select(a => RateBar(Labels.Of(a.Role), a.WithinSixWeeks)).ToList(),
            whenEmpty: "No advice was due in this period, so there is no rate to show.");
        return Html.Of($"""
            <h2 class="govuk-heading-m">KPIs, {report.From:d MMMM yyyy} to {report.To:d MMMM yyyy}</h2>
            <div class="app-tiles">
              {Govuk.Tile("kpi-new-plans", Percent(report.NewPlansWithin20WeeksIncludingExceptions), Html.Of($"new plans within 20 weeks ({report.NewPlansIssued} issued; {report.NewPlansWithValidException} with a valid exception)"))}
              {Govuk.Tile("kpi-reviews", Percent(report.ReviewsOnTime.All), Html.Of($"annual reviews within timescale"))}
              {Govuk.Tile("kpi-amended", Percent(report.AmendedPlansWithin12WeeksOfMeeting), Html.Of($"amended plans within 12 weeks of the meeting"))}
              {Govuk.Tile("kpi-backlog", report.OverdueReviews.Count, Html.Of($"reviews overdue (backlog)"), report.OverdueReviews.Count > 0)}
              {PlacementTiles(report)}
            </div>
            <div class="app-charts">{rates}{advice}</div>
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
            tiles.Add(Govuk.Tile("kpi-visits", Percent(visited), Html.Of($"monitored placements visited within 12 months ({Kpis.CountOf(visited)})")));
        }

        if (report.ReviewsDueCompleted is { } completed)
        {
            tiles.Add(Govuk.Tile("kpi-reviews-completed", Kpis.CountOf(completed), Html.Of($"reviews due in the period completed (decision made, amended plan issued where amended)")));
        }

        if (report.WaitingForProvision is { } waits)
        {
            var detail = waits.MedianDays is { } median
                ? $"children awaiting provision (median wait {median} days, longest {waits.LongestDays} days)"
                : "children awaiting provision";
            tiles.Add(Govuk.Tile("kpi-waiting", waits.Waiting, Html.Of($"{detail}"), waits.Waiting > 0));
        }

        return Html.Join(tiles);
    }

    static Bar RateBar(string label, Rate rate) =>
        new(label, rate.Percent ?? 0, 100, rate.Total == 0 ? "none yet" : $"{rate.Percent}% ({rate.Count}/{rate.Total})", rate.Percent < 60);

    static string Percent(Rate rate) => rate.Percent is { } percent ? $"{percent}%" : "n/a";
}
