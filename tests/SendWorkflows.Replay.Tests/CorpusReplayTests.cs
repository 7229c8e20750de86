using SendWorkflows.Replay.Tests.Corpus;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Replay.Tests;

/// <summary>
/// Replay compatibility (issue 19): every snapshot in the corpus, taken mid-flight from a release, replays on the
/// current code without a non-determinism failure and carries on to the end the release promised.
/// </summary>
public sealed class CorpusReplayTests
{
    [Theory]
    [MemberData(nameof(CorpusFiles.All), MemberType = typeof(CorpusFiles))]
    public async Task Every_snapshot_replays_and_finishes_as_the_release_promised(string name)
    {
        var snapshot = CorpusFiles.Read(name);
        Assert.NotEmpty(snapshot.Final);

        var result = await CorpusReplay.RunAsync(snapshot);

        Assert.True(result.Replayed, string.Join(Environment.NewLine, result.Failures));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles.All), MemberType = typeof(CorpusFiles))]
    public void Every_snapshot_replays_on_the_Durable_Task_worker_too(string name)
    {
        var (replayed, failures) = DurableTaskReplay.Run(CorpusFiles.Read(name));

        Assert.True(replayed > 0, $"'{name}' holds no running instance to replay.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_corpus_holds_every_scenario_and_every_orchestrator_as_the_release_stored_them()
    {
        var snapshots = CorpusFiles.Names.Select(CorpusFiles.Read).ToList();

        Assert.Equal(CorpusScenario.All.Select(s => s.Name).Order(StringComparer.Ordinal), snapshots.Select(s => s.Name));
        Assert.Equal(
            WorkflowVersions.NewestByOrchestrator.Keys.Order(StringComparer.Ordinal),
            snapshots.SelectMany(s => s.Orchestrators).Distinct().Order(StringComparer.Ordinal));
        // Taken from the release before versions: no instance stores one, so they must all load as version 1. Later
        // snapshots keep the versions their instances run.
        Assert.All(snapshots.Where(s => s.TakenFrom == CorpusExporter.Release).SelectMany(s => s.Instances), p => Assert.Null(p.Instance.Version));
        Assert.All(snapshots.Where(s => s.TakenFrom != CorpusExporter.Release).SelectMany(s => s.Instances), p => Assert.NotNull(p.Instance.Version));
        Assert.Contains(snapshots, s => s.TakenFrom == CorpusExporter.VersionedRelease);
        Assert.Contains(snapshots, s => s.Promised.Count > 0);
    }

    [Fact]
    public async Task A_fresh_export_of_every_scenario_replays_and_new_snapshots_are_added_by_hand_never_rewritten()
    {
        // REPLAY_CORPUS_ADD=1 dotnet test tests/SendWorkflows.Replay.Tests --filter A_fresh_export  adds the files
        // of scenarios the corpus does not have yet; an existing file is never written again.
        var add = Environment.GetEnvironmentVariable("REPLAY_CORPUS_ADD") == "1";
        foreach (var scenario in CorpusScenario.All)
        {
            // The store of today's code, versions kept: its new instances run the newest versions (2 for the assessment
            // and the review), which version 1 would not replay.
            var snapshot = await CorpusExporter.ExportAsync(scenario, withoutVersions: false);
            var result = await CorpusReplay.RunAsync(ReplaySnapshot.FromJson(snapshot.ToJson()));
            Assert.True(result.Replayed, string.Join(Environment.NewLine, result.Failures));

            var file = Path.Combine(CorpusFiles.SourceDirectory(), scenario.Name + ".json");
            if (add && !File.Exists(file))
            {
                await File.WriteAllTextAsync(file, snapshot.ToJson() + Environment.NewLine);
            }
        }
    }
}
