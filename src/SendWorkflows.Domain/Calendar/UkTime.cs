namespace SendWorkflows.Domain;

/// <summary>
/// Contract dates are UK calendar dates (Europe/London); timers run in UTC. These two conversions are the only
/// place the time zone is applied, so the clock changes on the last Sundays of March and October are handled once.
/// </summary>
public static class UkTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>
    /// The UTC instant of a UK wall-clock time. A time skipped when clocks go forward (01:00-02:00 in late March)
    /// is moved forward by the gap, as a wall clock would be; a time that happens twice when clocks go back (01:00-02:00
    /// in late October) takes the first occurrence, so nothing is sent later than the time asked for.
    /// </summary>
    public static DateTime ToUtc(DateOnly date, TimeOnly localTime) =>
        // Every workflow step asks this of a handful of times of day: the time zone rules are read once per date and time.
        Converted.GetOrAdd((date, localTime), static key => Convert(key.Date, key.Time));

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(DateOnly Date, TimeOnly Time), DateTime> Converted = new();

    static DateTime Convert(DateOnly date, TimeOnly localTime)
    {
        var local = date.ToDateTime(localTime, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    /// <summary>The UK calendar date of a UTC instant (an unspecified kind is taken as UTC; a local kind is refused).</summary>
    public static DateOnly DateOf(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Expected a UTC time, got a machine-local one.", nameof(utc));
        }

        var uk = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);
        return DateOnly.FromDateTime(uk);
    }
}
