using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>Date helpers of the generator.</summary>
static class Dates
{
    public static DateOnly Between(Random random, DateOnly first, DateOnly last) =>
        last <= first ? first : first.AddDays(random.Next(last.DayNumber - first.DayNumber + 1));

    public static DateOnly Latest(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Monday to Friday: councils act on working days (bank holidays are left to the engine).</summary>
    public static DateOnly Weekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    /// <summary>
    /// A birthday that puts the child in <paramref name="yearGroup"/> in the academic year starting in
    /// <paramref name="academicYear"/>: Reception children turn 5 during it, so were born 1 September five years
    /// before it started to 31 August a year later. "None" is a young adult of 19 to 24.
    /// </summary>
    public static DateOnly BirthFor(Random random, YearGroup yearGroup, int academicYear)
    {
        var yearsAboveReception = yearGroup.IsNone ? random.Next(14, 20) : yearGroup.Ordinal;
        var first = new DateOnly(academicYear - 5 - yearsAboveReception, 9, 1);
        return Between(random, first, first.AddYears(1).AddDays(-1));
    }
}
