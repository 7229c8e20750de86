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
            </div>
            <div class="app-charts">{rates}{advice}</div>
            """);
    }

    static Bar RateBar(string label, Rate rate) =>
        new(label, rate.Percent ?? 0, 100, rate.Total == 0 ? "none yet" : $"{rate.Percent}% ({rate.Count}/{rate.Total})", rate.Percent < 60);

    static string Percent(Rate rate) => rate.Percent is { } percent ? $"{percent}%" : "n/a";
}
