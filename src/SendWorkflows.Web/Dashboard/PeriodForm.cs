using System.Globalization;
using SendWorkflows.Domain;
using SendWorkflows.Web.Pages;

namespace SendWorkflows.Web.Dashboard;

/// <summary>The period asked for (or the default, with the error when what was asked for cannot be reported).</summary>
public sealed record PeriodChoice(ReportingPeriod Period, string? Error = null, string? Field = null)
{
    /// <summary>The query string that asks for this period again (to carry it to the API and to links).</summary>
    public string Query => "?period=" + Uri.EscapeDataString(Period.Spec).Replace("%3A", ":", StringComparison.Ordinal);
}

/// <summary>
/// Reads the reporting period from a query string and draws the GOV.UK form that sets it. The page and the JSON API
/// read the same parameters: <c>period=month&amp;month=2025-11</c>, <c>period=term&amp;term=2025-autumn</c>,
/// <c>period=year&amp;year=2025</c>, <c>period=custom</c> with <c>from-day/from-month/from-year</c> and
/// <c>to-day/to-month/to-year</c>, or one spec as simulate's <c>--kpis-for</c> takes it (<c>period=month:2025-11</c>).
/// No period means the academic year to date.
/// </summary>
public static class PeriodForm
{
    public static PeriodChoice Read(IQueryCollection query, DateOnly asOf)
    {
        string Get(string key) => query[key].ToString().Trim();
        var kind = Get("period");
        try
        {
            return kind switch
            {
                "" => new PeriodChoice(ReportingPeriod.Default(asOf)),
                "month" => new PeriodChoice(ReportingPeriod.Parse("month:" + Get("month"), asOf)),
                "term" => new PeriodChoice(ReportingPeriod.Parse("term:" + Get("term"), asOf)),
                "year" => new PeriodChoice(ReportingPeriod.Parse("year:" + Get("year"), asOf)),
                "custom" => Custom(Get, asOf),
                _ => new PeriodChoice(ReportingPeriod.Parse(kind, asOf)),
            };
        }
        catch (PeriodException e)
        {
            return new PeriodChoice(ReportingPeriod.Default(asOf), $"Choose a period that can be reported: {e.Message}", kind == "custom" ? "from-day" : "period-" + (kind is "month" or "term" or "year" ? kind : "month"));
        }
    }

    static PeriodChoice Custom(Func<string, string> get, DateOnly asOf)
    {
        DateOnly? DateOf(string prefix) =>
            int.TryParse(get(prefix + "-day"), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && int.TryParse(get(prefix + "-month"), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(get(prefix + "-year"), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            && y is >= 1900 and <= 9000 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
                ? new DateOnly(y, m, d)
                : null;
        var from = DateOf("from");
        if (from is null)
        {
            return new PeriodChoice(ReportingPeriod.Default(asOf), "Enter the start of the period as a real date, for example 1 10 2025", "from-day");
        }

        var to = DateOf("to");
        if (to is null)
        {
            return new PeriodChoice(ReportingPeriod.Default(asOf), "Enter the end of the period as a real date, for example 31 12 2025", "to-day");
        }

        if (to < from)
        {
            return new PeriodChoice(ReportingPeriod.Default(asOf), "The end of the period must be the same as or after its start", "to-day");
        }

        return new PeriodChoice(ReportingPeriod.Custom(from.Value, to.Value, asOf));
    }

    /// <summary>
    /// The period form: radios for month, term, academic year and a custom range, each with its own choice beneath it,
    /// always shown (GOV.UK's conditional reveal puts aria-expanded on radios, which axe-core reports as critical).
    /// One GET form: a period is a link.
    /// </summary>
    public static Html Render(string action, PeriodChoice choice, DateOnly asOf)
    {
        var period = choice.Period;
        var months = Enumerable.Range(0, 24).Select(back => new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-back))
            .Select(m => (m.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.ToString("MMMM yyyy", CultureInfo.InvariantCulture)));
        var terms = Enumerable.Range(0, 3).Select(back => new AcademicYear(AcademicYear.Containing(asOf).StartYear - back))
            .SelectMany(year => Enum.GetValues<TermName>().Reverse().Select(name => (year, name)))
            .Where(t => TermStartsBy(t.year, t.name, asOf))
            .Select(t => ($"{t.year.StartYear}-{t.name.ToString().ToLowerInvariant()}", $"{t.name} term {t.year}"));
        var years = Enumerable.Range(0, 3).Select(back => new AcademicYear(AcademicYear.Containing(asOf).StartYear - back))
            .Select(y => (y.StartYear.ToString(CultureInfo.InvariantCulture), y.Contains(asOf) ? $"{y} to date" : $"{y}"));
        var selectedMonth = period.Kind == PeriodKind.Month ? period.From.ToString("yyyy-MM", CultureInfo.InvariantCulture) : "";
        var selectedTerm = period.Kind == PeriodKind.Term ? period.Spec["term:".Length..] : "";
        var selectedYear = period.Kind == PeriodKind.YearToDate ? period.Spec["year:".Length..] : "";
        var error = choice.Error is null ? Html.Empty : Govuk.ErrorSummary("period-error", choice.Error, choice.Field ?? "period-month");
        var (custom, customTo) = period.Kind == PeriodKind.Custom ? (period.From, period.To) : (default(DateOnly?), default(DateOnly?));

        return Html.Of($"""
            {error}
            <form method="get" action="{action}" id="period-form" class="app-period">
            <div class="govuk-form-group{(choice.Error is null ? "" : " govuk-form-group--error")}"><fieldset class="govuk-fieldset" aria-describedby="period-hint">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Reporting period</legend>
              <div class="govuk-hint" id="period-hint">Figures up to {asOf:d MMMM yyyy} at the latest. Showing: {period.Describe()}.</div>
              <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                {Radio("month", "A month", period.Kind == PeriodKind.Month, Select("month", "Month", months, selectedMonth))}
                {Radio("term", "A term", period.Kind == PeriodKind.Term, Select("term", "Term", terms, selectedTerm))}
                {Radio("year", "An academic year to date", period.Kind == PeriodKind.YearToDate, Select("year", "Academic year", years, selectedYear))}
                {Radio("custom", "Between two dates", period.Kind == PeriodKind.Custom, Html.Of($"{DateInput("from", "From", custom)}{DateInput("to", "To", customTo)}"))}
              </div>
            </fieldset></div>
            {Govuk.Button("Show figures", "govuk-button--secondary")}
            </form>
            """);
    }

    static bool TermStartsBy(AcademicYear year, TermName name, DateOnly asOf)
    {
        try
        {
            ReportingPeriod.Term(year, name, asOf);
            return true;
        }
        catch (PeriodException)
        {
            return false;
        }
    }

    static Html Radio(string value, string label, bool selected, Html reveal) => Html.Of($"""
        <div class="govuk-radios__item"><input class="govuk-radios__input" id="period-{value}" name="period" type="radio" value="{value}"{(selected ? Html.Of($" checked") : Html.Empty)}>
        <label class="govuk-label govuk-radios__label" for="period-{value}">{label}</label></div>
        <div class="govuk-radios__conditional" id="conditional-period-{value}">{reveal}</div>
        """);

    static Html Select(string name, string label, IEnumerable<(string Value, string Label)> options, string selected) => Html.Of($"""
        <div class="govuk-form-group"><label class="govuk-label" for="{name}">{label}</label><select class="govuk-select" id="{name}" name="{name}">{Html.Join(options.Select(o => o.Value == selected
            ? Html.Of($"""<option value="{o.Value}" selected>{o.Label}</option>""")
            : Html.Of($"""<option value="{o.Value}">{o.Label}</option>""")))}</select></div>
        """);

    static Html DateInput(string prefix, string legend, DateOnly? value)
    {
        Html Item(string part, string label, string width, string? text) => Html.Of($"""
            <div class="govuk-date-input__item"><div class="govuk-form-group"><label class="govuk-label govuk-date-input__label" for="{prefix}-{part}">{label}</label>
            <input class="govuk-input govuk-date-input__input govuk-input--width-{width}" id="{prefix}-{part}" name="{prefix}-{part}" type="text" inputmode="numeric" value="{text}"></div></div>
            """);
        return Html.Of($"""
            <div class="govuk-form-group"><fieldset class="govuk-fieldset" role="group" aria-describedby="{prefix}-hint"><legend class="govuk-fieldset__legend">{legend}</legend>
            <div class="govuk-hint" id="{prefix}-hint">For example, {(prefix == "from" ? "1 10 2025" : "31 12 2025")}</div>
            <div class="govuk-date-input" id="{prefix}">{Item("day", "Day", "2", value?.Day.ToString(CultureInfo.InvariantCulture))}{Item("month", "Month", "2", value?.Month.ToString(CultureInfo.InvariantCulture))}{Item("year", "Year", "4", value?.Year.ToString(CultureInfo.InvariantCulture))}</div>
            </fieldset></div>
            """);
    }
}
