using System.Globalization;

namespace SendWorkflows.Proof.Tests.Load;

/// <summary>p50/p95/p99 of a set of durations (nearest rank).</summary>
public sealed record Percentiles(TimeSpan P50, TimeSpan P95, TimeSpan P99, int Count)
{
    public static Percentiles Of(IEnumerable<TimeSpan> samples)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0
            ? new Percentiles(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0)
            : new Percentiles(Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted.Count);
    }

    static TimeSpan Rank(List<TimeSpan> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P50.TotalMilliseconds:0} ms, p95 {P95.TotalMilliseconds:0} ms, p99 {P99.TotalMilliseconds:0} ms (n={Count})");
}
