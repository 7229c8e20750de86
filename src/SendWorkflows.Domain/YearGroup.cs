namespace SendWorkflows.Domain;

/// <summary>
/// A National Curriculum year group, ordered: N1, N2, R, 1..14, or none (not in education).
/// Stored as an ordinal so that advancing on 1 September is arithmetic.
/// </summary>
public readonly record struct YearGroup : IComparable<YearGroup>
{
    const int NoneOrdinal = int.MinValue;

    YearGroup(int ordinal) => Ordinal = ordinal;

    /// <summary>N1 = -2, N2 = -1, R = 0, Year n = n; <see cref="None"/> is outside the range.</summary>
    public int Ordinal { get; }

    public static YearGroup None { get; } = new(NoneOrdinal);
    public static YearGroup Nursery1 { get; } = new(-2);
    public static YearGroup Nursery2 { get; } = new(-1);
    public static YearGroup Reception { get; } = new(0);

    public bool IsNone => Ordinal == NoneOrdinal;

    public static YearGroup Year(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 14);
        return new(year);
    }

    /// <summary>Parses the contract's spelling: N1, N2, R, 1..14 or none (case-insensitive).</summary>
    public static bool TryParse(string? text, out YearGroup yearGroup)
    {
        yearGroup = None;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "NONE": return true;
            case "N1": yearGroup = Nursery1; return true;
            case "N2": yearGroup = Nursery2; return true;
            case "R": yearGroup = Reception; return true;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, null, out var year) && year is >= 1 and <= 14)
        {
            yearGroup = new(year);
            return true;
        }

        return false;
    }

    /// <summary>The year group <paramref name="years"/> academic years later; Year 14 and none stay put.</summary>
    public YearGroup AdvancedBy(int years) => IsNone ? this : new(Math.Min(14, Ordinal + years));

    public int CompareTo(YearGroup other) => Ordinal.CompareTo(other.Ordinal);

    public static bool operator <(YearGroup left, YearGroup right) => left.CompareTo(right) < 0;
    public static bool operator <=(YearGroup left, YearGroup right) => left.CompareTo(right) <= 0;
    public static bool operator >(YearGroup left, YearGroup right) => left.CompareTo(right) > 0;
    public static bool operator >=(YearGroup left, YearGroup right) => left.CompareTo(right) >= 0;

    public override string ToString() => Ordinal switch
    {
        NoneOrdinal => "none",
        -2 => "N1",
        -1 => "N2",
        0 => "R",
        _ => Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
