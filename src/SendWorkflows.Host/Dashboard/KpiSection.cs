using SendWorkflows.Domain;
using SendWorkflows.Host.Web;

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
            report.AdviceWithinSixWeeks.Select(a => RateBar(a.Role.ToString(), a.WithinSixWeeks)).ToList());
        return Html.Of($"""
            <h2>KPIs, {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}</h2>
            <div class="kpis">
              <div class="kpi"><b id="kpi-new-plans">{Percent(report.NewPlansWithin20WeeksIncludingExceptions)}</b>new plans within 20 weeks ({report.NewPlansIssued} issued; {report.NewPlansWithValidException} with a valid exception)</div>
              <div class="kpi"><b id="kpi-reviews">{Percent(report.ReviewsOnTime.All)}</b>annual reviews within timescale</div>
              <div class="kpi"><b>{Percent(report.AmendedPlansWithin12WeeksOfMeeting)}</b>amended plans within 12 weeks of the meeting</div>
              <div class="kpi"><b class="{(report.OverdueReviews.Count > 0 ? "overdue" : "ok")}">{report.OverdueReviews.Count}</b>reviews overdue (backlog)</div>
            </div>
            <div class="kpis">{rates}{advice}</div>
            """);
    }

    static Bar RateBar(string label, Rate rate) =>
        new(label, rate.Percent ?? 0, 100, rate.Total == 0 ? "none yet" : $"{rate.Percent}% ({rate.Count}/{rate.Total})", rate.Percent < 60);

    static string Percent(Rate rate) => rate.Percent is { } percent ? $"{percent}%" : "n/a";
}
