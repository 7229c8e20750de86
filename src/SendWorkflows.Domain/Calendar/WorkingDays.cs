using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SendWorkflows.Domain;

/// <summary>
/// Days on which notifications go out: Monday to Friday and not a bank holiday. Only send dates move to a working
/// day; statutory due dates never do. A date in a year the holiday data does not cover throws
/// <see cref="CalendarNotCoveredException"/>.
/// </summary>
public sealed class WorkingDays
{
    // Declared before EnglandAndWales: static initialisers run in textual order.
    static readonly JsonSerializerOptions FileOptions = new() { PropertyNameCaseInsensitive = true };

    readonly FrozenSet<DateOnly> bankHolidays;

    public WorkingDays(string name, IEnumerable<DateOnly> bankHolidays, int firstYear, int lastYear, IEnumerable<int>? projectedYears = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstYear, lastYear);
        Name = name;
        FirstYear = firstYear;
        LastYear = lastYear;
        this.bankHolidays = bankHolidays.ToFrozenSet();
        ProjectedYears = (projectedYears ?? []).Order().ToList();
        var outside = this.bankHolidays.Where(d => d.Year < firstYear || d.Year > lastYear).Order().ToList();
        if (outside.Count > 0)
        {
            throw new ArgumentException($"Bank holiday {outside[0]:yyyy-MM-dd} lies outside the covered years {firstYear}-{lastYear}.", nameof(bankHolidays));
        }
    }

    /// <summary>England and Wales, from the embedded GOV.UK data (BankHolidays/england-and-wales.json).</summary>
    public static WorkingDays EnglandAndWales { get; } = LoadEmbedded("england-and-wales.json");

    public string Name { get; }

    public int FirstYear { get; }

    public int LastYear { get; }

    public IReadOnlyCollection<DateOnly> BankHolidays => bankHolidays;

    /// <summary>Years whose holidays follow the usual rules because GOV.UK had not announced them when the data was written.</summary>
    public IReadOnlyList<int> ProjectedYears { get; }

    public bool Covers(DateOnly date) => date.Year >= FirstYear && date.Year <= LastYear;

    public bool IsBankHoliday(DateOnly date)
    {
        EnsureCovered(date);
        return bankHolidays.Contains(date);
    }

    /// <summary>Checks coverage even for a weekend, so a caller learns the data has run out before it matters.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        !IsBankHoliday(date) && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The date itself when it is a working day, otherwise the next working day.</summary>
    public DateOnly OnOrAfter(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    void EnsureCovered(DateOnly date)
    {
        if (!Covers(date))
        {
            throw new CalendarNotCoveredException($"{Name} bank holiday", date.Year, FirstYear, LastYear);
        }
    }

    static WorkingDays LoadEmbedded(string fileName)
    {
        var resource = $"SendWorkflows.Domain.BankHolidays.{fileName}";
        using var stream = typeof(WorkingDays).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        var file = JsonSerializer.Deserialize<BankHolidayFile>(stream, FileOptions)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is empty.");
        return new WorkingDays(file.Division, file.Events.Select(e => e.Date), file.FirstYear, file.LastYear, file.ProjectedYears);
    }

    sealed record BankHolidayFile(
        string Division,
        int FirstYear,
        int LastYear,
        IReadOnlyList<int> ProjectedYears,
        [property: JsonPropertyName("events")] IReadOnlyList<BankHolidayEvent> Events);

    sealed record BankHolidayEvent(string Title, DateOnly Date);
}
