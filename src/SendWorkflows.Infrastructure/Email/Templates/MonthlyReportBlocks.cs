using System.Globalization;
using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Email.Templates;

/// <summary>The monthly report's body: headline facts, the KPI table against the year before, and the 20-week trend as bars.</summary>
internal static class MonthlyReportBlocks
{
    public static IEnumerable<EmailBlock> For(MonthlyKpis kpis)
    {
        var month = kpis.MonthFrom.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        var year = AcademicYear.Containing(kpis.MonthFrom);
        var monthBefore = kpis.MonthFrom.AddYears(-1).ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        var yearToDate = $"{year} to {UkDates.Format(kpis.MonthTo)}";
        var yearBefore = $"{new AcademicYear(year.StartYear - 1)} to {UkDates.Format(kpis.MonthTo.AddYears(-1))}";
        yield return new FactsBlock(
        [
            new("New plans issued", $"{kpis.NewPlansMonth} in {month} ({kpis.NewPlansMonthYearBefore} in {monthBefore})"),
            new("New plans this year", $"{kpis.NewPlansYearToDate} in {yearToDate} ({kpis.NewPlansYearToDateYearBefore} in {yearBefore})"),
            new("Reviews overdue", $"{kpis.OverdueReviews} on {UkDates.Format(kpis.AsOf)}"),
        ]);
        yield return new TableBlock(
            "Limits met (limits falling due in the period, as decided on " + UkDates.Format(kpis.AsOf) + ")",
            ["Measure", month, monthBefore, yearToDate, yearBefore],
            [.. kpis.Lines.Select(l => (IReadOnlyList<string>)[Labels.Of(l.Measure, l.Role), Labels.Of(l.Month), Labels.Of(l.MonthYearBefore), Labels.Of(l.YearToDate), Labels.Of(l.YearToDateYearBefore)])]);
        yield return kpis.Trend.Any(t => t.Within20Weeks.Percent is not null)
            ? new BarsBlock("New plans issued within 20 weeks, month by month",
                [.. kpis.Trend.Select(t => new BarLine(t.Month.ToString("MMM yyyy", CultureInfo.InvariantCulture), t.Within20Weeks.Percent, Labels.Of(t.Within20Weeks)))])
            : new ParagraphBlock("No new plan was issued in the last 12 months, so there is no 20-week trend to show.");
    }
}
