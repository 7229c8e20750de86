using System.Globalization;
using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.Council;

/// <summary>
/// Where the registers file each entry for the weekly digest (docs/adr/0115), so the digest reads a few buckets
/// instead of the whole register. A bucket is a month (<c>yyyy-MM</c>) or <see cref="Always"/>; an entry no digest
/// can list in its present state has none. The digest of a date reads <see cref="Always"/> and every month up to the
/// one it looks ahead to; an entry whose date has passed stays in its month until its workflow writes it again, so the
/// past months hold only the late and the unresolved. The digest still applies its own rules to what it reads.
/// </summary>
public static class DigestIndex
{
    /// <summary>Listed whatever its dates: escalated reviews and children waiting for provision.</summary>
    public const string Always = "always";

    public static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>True when a digest that looks ahead to <paramref name="until"/> reads <paramref name="bucket"/>.</summary>
    public static bool IsRead(string bucket, DateOnly until) =>
        bucket == Always || string.CompareOrdinal(bucket, Month(until)) <= 0;

    /// <summary>
    /// A plan's bucket: <see cref="Always"/> when escalated or waiting; the month of the earlier of its target meeting
    /// and review due date while a meeting is awaited or fixed (the overdue, missed and due-soon sections); else none.
    /// </summary>
    public static string? For(RegisterEntry entry) =>
        entry.Ceased ? null
        : entry.AwaitingProvision || entry.Status == "escalated" ? Always
        : entry.Status is "awaiting meeting" or "meeting fixed"
            ? Month(entry.TargetMeetingOn < entry.NextReviewDue ? entry.TargetMeetingOn : entry.NextReviewDue)
        : null;

    /// <summary>A monitored placement's bucket: the month its visit is due (it is overdue the day after).</summary>
    public static string? For(MonitoringVisitEntry entry) =>
        entry is { Monitored: true, VisitDueOn: { } due } ? Month(due) : null;
}
