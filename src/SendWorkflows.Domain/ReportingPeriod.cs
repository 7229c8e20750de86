using System.Globalization;

namespace SendWorkflows.Domain;

/// <summary>The reporting periods boards ask for.</summary>
public enum PeriodKind
{
    Month,
    Term,
    YearToDate,
    Custom,
}

/// <summary>
/// A resolved reporting period: inclusive dates, never running past the day the figures are taken
/// (<c>asOf</c>), so "this month" and "this year" mean "to date". The KPIs of a period are
/// <see cref="Kpis.Compute"/> over <see cref="From"/>..<see cref="To"/> as of the same day, for the dashboard, the
/// API, the monthly report and simulate alike.
/// </summary>
public sealed record ReportingPeriod(PeriodKind Kind, DateOnly From, DateOnly To, string Spec)
{
    static TermCalendar Terms => TermCalendar.EnglandBeyondData;

    /// <summary>What the dashboard shows when no period is asked for: the academic year to date.</summary>
    public static ReportingPeriod Default(DateOnly asOf) => YearToDate(AcademicYear.Containing(asOf), asOf);

    public static ReportingPeriod Month(int year, int month, DateOnly asOf)
    {
        var from = new DateOnly(year, month, 1);
        return Clip(PeriodKind.Month, from, from.AddMonths(1).AddDays(-1), asOf, $"month:{from:yyyy-MM}");
    }

    public static ReportingPeriod Term(AcademicYear year, TermName name, DateOnly asOf)
    {
        var term = Terms.TermsOf(year).Single(t => t.Name == name);
        return Clip(PeriodKind.Term, term.Start, term.End, asOf, $"term:{year.StartYear}-{name.ToString().ToLowerInvariant()}");
    }

    public static ReportingPeriod YearToDate(AcademicYear year, DateOnly asOf) =>
        Clip(PeriodKind.YearToDate, year.Start, year.End, asOf, $"year:{year.StartYear}");

    public static ReportingPeriod Custom(DateOnly from, DateOnly to, DateOnly asOf) =>
        to < from
            ? throw new PeriodException($"the period's end ({to:yyyy-MM-dd}) is before its start ({from:yyyy-MM-dd})")
            : Clip(PeriodKind.Custom, from, to, asOf, $"custom:{from:yyyy-MM-dd}..{to:yyyy-MM-dd}");

    /// <summary>The term a date falls in (holidays belong to the term before them).</summary>
    public static ReportingPeriod TermContaining(DateOnly date, DateOnly asOf)
    {
        var term = Terms.TermContaining(date);
        return Term(term.AcademicYear, term.Name, asOf);
    }

    /// <summary>
    /// A period written as <c>month:2025-11</c>, <c>term:2025-autumn</c> (the 2025/26 autumn term), <c>year:2025</c>
    /// (the 2025/26 academic year, to date) or <c>custom:2025-10-01..2025-12-31</c>.
    /// </summary>
    public static ReportingPeriod Parse(string spec, DateOnly asOf)
    {
        var (kind, value) = spec.IndexOf(':') is var colon and > 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, "");
        switch (kind)
        {
            case "month" when DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first):
                return Month(first.Year, first.Month, asOf);
            case "term" when value.Split('-') is [var y, var n] && int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && !n.All(char.IsDigit) && Enum.TryParse<TermName>(n, ignoreCase: true, out var name):
                return Term(new AcademicYear(start), name, asOf);
            case "year" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var startYear) && startYear is > 1900 and < 9000:
                return YearToDate(new AcademicYear(startYear), asOf);
            case "custom" when value.Split("..") is [var f, var t] && TryDate(f, out var from) && TryDate(t, out var to):
                return Custom(from, to, asOf);
            default:
                throw new PeriodException($"'{spec}' is not a period: write month:YYYY-MM, term:YYYY-autumn|spring|summer, year:YYYY or custom:YYYY-MM-DD..YYYY-MM-DD");
        }
    }

    /// <summary>The same period a year earlier, clipped the same way (the previous year's figures a board compares with).</summary>
    public ReportingPeriod YearBefore() => this with { From = From.AddYears(-1), To = To.AddYears(-1), Spec = Spec + ":year-before" };

    /// <summary>Words for headings: "November 2025", "Autumn term 2025/26", "2025/26 to date", "1 October 2025 to 31 December 2025".</summary>
    public string Describe() => Kind switch
    {
        PeriodKind.Month => From.ToString("MMMM yyyy", CultureInfo.InvariantCulture) + ToDateSuffix(From.AddMonths(1).AddDays(-1)),
        PeriodKind.Term => $"{Terms.TermContaining(From).Name} term {AcademicYear.Containing(From)}" + ToDateSuffix(Terms.TermContaining(From).End),
        PeriodKind.YearToDate => $"Academic year {AcademicYear.Containing(From)}" + ToDateSuffix(AcademicYear.Containing(From).End),
        _ => $"{From.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)} to {To.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}",
    };

    string ToDateSuffix(DateOnly naturalEnd) =>
        To < naturalEnd ? $", to {To.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}" : "";

    /// <summary>The file-name form of <see cref="Spec"/>: kpis-month-2025-11.json.</summary>
    public string FileName => "kpis-" + Spec.Replace(':', '-').Replace("..", "-to-", StringComparison.Ordinal) + ".json";

    static ReportingPeriod Clip(PeriodKind kind, DateOnly from, DateOnly to, DateOnly asOf, string spec) =>
        from > asOf
            ? throw new PeriodException($"the period {spec} starts after {asOf:yyyy-MM-dd}, the day the figures are taken: there is nothing to report yet")
            : new ReportingPeriod(kind, from, to > asOf ? asOf : to, spec);

    static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>A period that cannot be reported: the message says what is wrong, for a form's error summary or an API's 400.</summary>
public sealed class PeriodException(string message) : Exception(message);
