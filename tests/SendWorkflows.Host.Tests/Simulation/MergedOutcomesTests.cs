using SendWorkflows.Domain;
using SendWorkflows.Host.Simulation;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// The shards' outcomes are merged (each shard's log already by date then key) instead of sorted as one list: the merge
/// must give the list the stable sort gave, item for item, with ordinal keys and ties left shard by shard.
/// </summary>
public sealed class MergedOutcomesTests
{
    [Fact]
    public void The_merge_of_the_shards_outcomes_is_the_stable_sort_of_all_of_them()
    {
        var random = new Random(18);
        // Keys that order differently by culture than by ordinal ("b" < "B" < "é" in en-GB), and repeated across shards.
        string[] keys = ["a", "B", "b", "Z", "é", "e", "a/c1", "a/c10", "a/c2"];
        var shards = Enumerable.Range(0, 5).Select(shard => (IReadOnlyList<RecordedOutcome>)
            [.. Enumerable.Range(0, 400)
                .Select(_ => Outcome(keys[random.Next(keys.Length)], new DateOnly(2025, 9, 1).AddDays(random.Next(20)), shard))
                .OrderBy(o => o.On).ThenBy(o => o.Key, StringComparer.Ordinal)]).ToList();

        var sorted = shards.SelectMany(s => s).OrderBy(o => o.On).ThenBy(o => o.Key, StringComparer.Ordinal).ToList();
        var merged = Simulator.MergedOutcomes(shards);

        Assert.Equal(2000, merged.Count);
        Assert.Equal(sorted.Select(Identity), merged.Select(Identity));
        Assert.Contains(merged.Zip(merged.Skip(1)), pair => pair.First.Key == pair.Second.Key && pair.First.On == pair.Second.On
            && pair.First.Survey!.PlanId != pair.Second.Survey!.PlanId);
    }

    static RecordedOutcome Outcome(string key, DateOnly on, int shard) => new(key, Survey: new FamilySurveyOutcome($"shard {shard}", on));

    static string Identity(RecordedOutcome outcome) => $"{outcome.On:yyyy-MM-dd} {outcome.Key} {outcome.Survey!.PlanId}";
}
