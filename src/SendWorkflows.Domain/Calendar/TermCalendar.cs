namespace SendWorkflows.Domain;

public enum TermName
{
    Autumn,
    Spring,
    Summer,
}

/// <summary>
/// One school term. <see cref="End"/> is the day before the next term starts, so the terms of a calendar tile the
/// year with no gaps: a review falling due in a holiday belongs to the term before it and is never left off a list.
/// </summary>
public sealed record Term(AcademicYear AcademicYear, TermName Name, DateOnly Start, DateOnly End)
{
    /// <summary>Code 9.172: the list of reviews due goes to each school at least 2 weeks before the term starts.</summary>
    public DateOnly ReviewListDue => Start.AddDays(-TermCalendar.ReviewListDaysBeforeTerm);

    public bool Contains(DateOnly date) => date >= Start && date <= End;
}

/// <summary>The three term start dates of one academic year, as a council configures them.</summary>
public sealed record TermStarts(AcademicYear AcademicYear, DateOnly Autumn, DateOnly Spring, DateOnly Summer);

/// <summary>
/// Term dates: configured per academic year, or <see cref="England"/>'s usual pattern where a council has not
/// configured them. A year that is neither configured nor computable throws <see cref="CalendarNotCoveredException"/>.
/// </summary>
public sealed class TermCalendar
{
    public const int ReviewListDaysBeforeTerm = 14;

    readonly Func<AcademicYear, TermStarts?> startsOf;

    TermCalendar(Func<AcademicYear, TermStarts?> startsOf) => this.startsOf = startsOf;

    /// <summary>
    /// England's usual pattern, chosen to err early (so the 9.172 list is never late):
    /// autumn starts on the first working day on or after 1 September; spring on the first Monday on or after
    /// 2 January, or the next working day when that Monday is a bank holiday; summer on the Monday 10 days after Good
    /// Friday (the week after Easter Monday), or the next working day if that is a holiday.
    /// </summary>
    public static TermCalendar England(WorkingDays workingDays) => new(year => UsualStarts(year, workingDays.OnOrAfter));

    /// <summary>
    /// England's usual pattern on England and Wales working days that never run out: the bank-holiday data while it
    /// lasts, then the usual rules (ADR 0113). For the workflows and reports, which must not stop when the data does.
    /// </summary>
    public static TermCalendar EnglandBeyondData { get; } = new(year => UsualStarts(year, UsualBankHolidays.EnglandAndWalesOnOrAfter));

    /// <summary>A council's own term dates. Years not given are not covered (no guess).</summary>
    public static TermCalendar FromStarts(IEnumerable<TermStarts> configured)
    {
        var byYear = new Dictionary<AcademicYear, TermStarts>();
        foreach (var starts in configured)
        {
            Validate(starts);
            if (!byYear.TryAdd(starts.AcademicYear, starts))
            {
                throw new ArgumentException($"Term dates for {starts.AcademicYear} are given twice.", nameof(configured));
            }
        }

        return new(year => byYear.GetValueOrDefault(year));
    }

    public static TermStarts UsualStarts(AcademicYear year, WorkingDays workingDays) => UsualStarts(year, workingDays.OnOrAfter);

    static TermStarts UsualStarts(AcademicYear year, Func<DateOnly, DateOnly> workingDayOnOrAfter)
    {
        var autumn = workingDayOnOrAfter(year.Start);
        var spring = workingDayOnOrAfter(NextMonday(new DateOnly(year.EndYear, 1, 2)));
        var summer = workingDayOnOrAfter(Easter.GoodFriday(year.EndYear).AddDays(10));
        return new TermStarts(year, autumn, spring, summer);
    }

    /// <summary>The three terms of an academic year, with their ends.</summary>
    public IReadOnlyList<Term> TermsOf(AcademicYear year)
    {
        var starts = StartsOf(year);
        var nextAutumn = NextAutumnStart(year);
        return
        [
            new Term(year, TermName.Autumn, starts.Autumn, starts.Spring.AddDays(-1)),
            new Term(year, TermName.Spring, starts.Spring, starts.Summer.AddDays(-1)),
            new Term(year, TermName.Summer, starts.Summer, nextAutumn.AddDays(-1)),
        ];
    }

    /// <summary>Every term whose first day lies in [<paramref name="from"/>, <paramref name="to"/>], in order.</summary>
    public IReadOnlyList<Term> TermsStartingBetween(DateOnly from, DateOnly to)
    {
        var terms = new List<Term>();
        for (var year = AcademicYear.Containing(from).StartYear; year <= AcademicYear.Containing(to).StartYear; year++)
        {
            terms.AddRange(TermsOf(new AcademicYear(year)).Where(t => t.Start >= from && t.Start <= to));
        }

        return terms;
    }

    /// <summary>Terms whose Code 9.172 review list is due in [<paramref name="from"/>, <paramref name="to"/>] (start - 14 days).</summary>
    public IReadOnlyList<Term> TermsWithReviewListDueBetween(DateOnly from, DateOnly to) =>
        TermsStartingBetween(from.AddDays(ReviewListDaysBeforeTerm), to.AddDays(ReviewListDaysBeforeTerm));

    /// <summary>The term a date belongs to (holidays belong to the term before them).</summary>
    public Term TermContaining(DateOnly date)
    {
        var year = AcademicYear.Containing(date);
        var term = TermsOf(year).LastOrDefault(t => t.Start <= date);
        return term ?? TermsOf(new AcademicYear(year.StartYear - 1))[^1];
    }

    /// <summary>When the following year is unknown, summer runs to 31 August: the academic year's own end.</summary>
    DateOnly NextAutumnStart(AcademicYear year)
    {
        try
        {
            return startsOf(new AcademicYear(year.StartYear + 1))?.Autumn ?? year.End.AddDays(1);
        }
        catch (CalendarNotCoveredException)
        {
            return year.End.AddDays(1);
        }
    }

    TermStarts StartsOf(AcademicYear year) =>
        startsOf(year) ?? throw new CalendarNotCoveredException($"No term dates are configured for the academic year {year}.");

    static DateOnly NextMonday(DateOnly date) => date.AddDays(((int)DayOfWeek.Monday - (int)date.DayOfWeek + 7) % 7);

    static void Validate(TermStarts starts)
    {
        var year = starts.AcademicYear;
        if (!year.Contains(starts.Autumn) || !year.Contains(starts.Spring) || !year.Contains(starts.Summer)
            || starts.Autumn >= starts.Spring || starts.Spring >= starts.Summer)
        {
            throw new ArgumentException(
                $"Term dates for {year} must be autumn < spring < summer within {year.Start:yyyy-MM-dd}..{year.End:yyyy-MM-dd}; got {starts.Autumn:yyyy-MM-dd}, {starts.Spring:yyyy-MM-dd}, {starts.Summer:yyyy-MM-dd}.",
                nameof(starts));
        }
    }
}

/// <summary>Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
public static class Easter
{
    public static DateOnly Sunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    public static DateOnly GoodFriday(int year) => Sunday(year).AddDays(-2);
}
