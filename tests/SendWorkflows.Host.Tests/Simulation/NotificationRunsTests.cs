using SendWorkflows.Domain;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>ADR 0016: shards' notifications spilled to files and merged give the bytes the in-memory merge gives.</summary>
public sealed class NotificationRunsTests : IDisposable
{
    readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("notification-runs-");

    public void Dispose() => directory.Delete(recursive: true);

    static Notification Make(string key, int day, string caseId, NotificationKind kind = NotificationKind.AdviceRequest, string[]? cc = null, DateOnly? due = null) =>
        new(key, kind, caseId, new DateOnly(2025, 9, 1).AddDays(day), [$"{caseId.ToLowerInvariant()}@school.example", "cw@council.example"], cc ?? [], due,
            new NotificationFacts { ChildInitials = "AB" });

    /// <summary>Three shards and a council run, each in the contract's order, with keys equal across runs on one date (ties).</summary>
    static IReadOnlyList<IReadOnlyList<Notification>> Runs() =>
    [
        [Make("a:1", 0, "P1"), Make("a:2", 0, "P1", due: new DateOnly(2025, 9, 15)), Make("tie", 3, "P1"), Make("z", 3, "P1", cc: ["héad@council.example"])],
        [Make("a:10", 0, "P2", NotificationKind.AdviceEscalation), Make("tie", 3, "P2", cc: ["x@y.example"]), Make("b", 40, "P2")],
        [],
        [Make("digest:2025-09-08", 7, "digest:2025-09-08", NotificationKind.WeeklyDigest), Make("tie", 3, "P3")],
    ];

    [Fact]
    public void Spilled_runs_merge_to_the_same_lines_as_in_memory_runs_and_as_a_stable_sort_with_ties_in_run_order()
    {
        var runs = Runs().Select(r => r.OrderBy(n => n.On).ThenBy(n => n.Key, StringComparer.Ordinal).ToList()).ToList();
        var inMemory = new SimulatedNotifications([.. runs.Select(r => new InMemoryNotificationRun(r))]);
        var spilled = new SimulatedNotifications([.. runs.Select((r, i) => SpilledNotificationRun.Write(Path.Combine(directory.FullName, $"run-{i}"), r))]);
        // What the merge replaced: every run one after another, sorted stably by date then key.
        var stableSort = runs.SelectMany(r => r).OrderBy(n => n.On).ThenBy(n => n.Key, StringComparer.Ordinal).Select(SimulationOutput.NotificationLine).ToList();

        var fromMemory = inMemory.InOrder().Select(SimulationOutput.NotificationLine).ToList();
        var fromFiles = spilled.InOrder().Select(SimulationOutput.NotificationLine).ToList();

        Assert.Equal(9, spilled.Count);
        Assert.Equal(stableSort, fromMemory);
        Assert.Equal(fromMemory, fromFiles);
        // The three "tie" notifications come in run order (P1, P2, P3), and the null and set due dates survive the file.
        Assert.Equal(["P1", "P2", "P3"], spilled.InOrder().Where(n => n.Key == "tie").Select(n => n.CaseId));
        Assert.Contains("\"dueOn\":\"2025-09-15\"", fromFiles[2], StringComparison.Ordinal);
        Assert.Contains("\"cc\":[\"héad@council.example\"]", fromFiles[6], StringComparison.Ordinal);
    }

    [Fact]
    public void A_spilled_run_can_be_read_again_and_the_merge_of_no_runs_is_empty()
    {
        var run = SpilledNotificationRun.Write(Path.Combine(directory.FullName, "again"), Runs()[0]);

        Assert.Equal(run.Read().Select(n => n.Key), run.Read().Select(n => n.Key));
        Assert.Empty(new SimulatedNotifications([]).InOrder());
    }

    [Fact]
    public void The_merge_takes_many_runs_of_random_keys_into_one_sorted_sequence()
    {
        var random = new Random(18);
        var runs = Enumerable.Range(0, 40)
            .Select(_ => Enumerable.Range(0, random.Next(0, 50)).Select(_ => (Day: random.Next(0, 5), Key: random.Next(0, 20).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Order().ToList())
            .ToList();

        var merged = OrderedMerge.Merge([.. runs.Select((r, i) => r.Select(x => (x.Day, x.Key, Run: i)))],
            Comparer<(int Day, string Key, int Run)>.Create((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : string.CompareOrdinal(a.Key, b.Key))).ToList();

        Assert.Equal(runs.Sum(r => r.Count), merged.Count);
        Assert.Equal(merged.OrderBy(x => x.Day).ThenBy(x => x.Key, StringComparer.Ordinal).ThenBy(x => x.Run), merged);
    }
}
