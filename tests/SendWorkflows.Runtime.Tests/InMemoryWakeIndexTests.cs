namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// The in-memory store's wake index (a calendar of instants, ADR 0107's round): due work in (time, id) order, in
/// batches, and re-filed as wake times change, exactly as a sorted set of (time, id) pairs gives it.
/// </summary>
public sealed class InMemoryWakeIndexTests
{
    static readonly DateTimeOffset T0 = new(2026, 1, 5, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Due_instances_come_earliest_first_then_by_ordinal_id_in_batches_and_follow_their_wake_times()
    {
        var store = new InMemoryOrchestrationStore();
        var random = new Random(7);
        var expected = new SortedSet<(long Ticks, string Id)>(Comparer<(long Ticks, string Id)>.Create(
            (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.Id, b.Id)));
        var wakes = new Dictionary<string, DateTimeOffset>();
        // Many instances at few instants, ids that sort differently by case and length.
        for (var i = 0; i < 300; i++)
        {
            var id = (i % 3) switch { 0 => $"review:EHC-{i:D5}", 1 => $"Review:{i}", _ => $"advice:{i % 17}:{i}" };
            var wake = T0.AddHours(random.Next(6));
            Assert.True(await store.TryCreateInstanceAsync(Record(id, wake), new InboxMessage("start|0", wake, new ExecutionStarted("Any", null)), default));
            expected.Add((wake.UtcTicks, id));
            wakes[id] = wake;
        }

        // Re-file a third of them (as an episode's commit does) and finish a few (no wake time at all).
        foreach (var id in wakes.Keys.Where((_, i) => i % 3 == 0).ToList())
        {
            var stored = (await store.GetInstanceAsync(id, default))!;
            DateTimeOffset? next = id.EndsWith('0') ? null : T0.AddHours(random.Next(8)).AddMinutes(30);
            await store.CommitAsync(new InstanceCommit(stored.ETag, stored.Record with { WakeAt = next }) { RemoveMessageIds = ["start|0"] }, default);
            expected.Remove((wakes[id].UtcTicks, id));
            if (next is { } at)
            {
                expected.Add((at.UtcTicks, id));
            }
        }

        var now = T0.AddHours(4);
        var all = expected.Where(e => e.Ticks <= now.UtcTicks).Select(e => e.Id).ToList();
        Assert.Equal(all.Take(7), await store.FindDueInstancesAsync(now, 7, default));
        Assert.Equal(all, await store.FindDueInstancesAsync(now, 10_000, default));
        Assert.Equal(new DateTimeOffset(expected.Min.Ticks, TimeSpan.Zero), await store.GetNextWakeAsync(default));
        Assert.Empty(await store.FindDueInstancesAsync(T0.AddTicks(-1), 10, default));
    }

    static InstanceRecord Record(string id, DateTimeOffset wake) =>
        new() { InstanceId = id, Name = "Any", CreatedAt = T0, LastUpdatedAt = T0, WakeAt = wake };
}
