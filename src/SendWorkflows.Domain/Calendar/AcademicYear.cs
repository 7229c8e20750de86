namespace SendWorkflows.Domain;

/// <summary>An English academic year, 1 September to 31 August, named by the calendar year it starts in.</summary>
public readonly record struct AcademicYear(int StartYear)
{
    public DateOnly Start => new(StartYear, 9, 1);

    public DateOnly End => new(StartYear + 1, 8, 31);

    /// <summary>The calendar year the academic year ends in (when phase-transfer deadlines fall).</summary>
    public int EndYear => StartYear + 1;

    public static AcademicYear Containing(DateOnly date) => new(date.Month >= 9 ? date.Year : date.Year - 1);

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public override string ToString() => $"{StartYear}/{(StartYear + 1) % 100:00}";
}

/// <summary>
/// A child's year group at a later (or earlier) date. The caseload gives the year group in the academic year the
/// file was loaded; it advances on every 1 September after that.
/// </summary>
public static class YearGroups
{
    /// <summary>
    /// The year group on <paramref name="on"/>. Going back before the load year steps down (never below N1); a
    /// Year 14 at load is taken to have been Year 13 the year before, since the data cannot say otherwise.
    /// </summary>
    public static YearGroup On(YearGroup atLoad, DateOnly loadedOn, DateOnly on)
    {
        if (atLoad.IsNone)
        {
            return atLoad;
        }

        var years = AcademicYear.Containing(on).StartYear - AcademicYear.Containing(loadedOn).StartYear;
        return atLoad.Ordinal + years < YearGroup.Nursery1.Ordinal ? YearGroup.Nursery1 : atLoad.AdvancedBy(years);
    }
}
