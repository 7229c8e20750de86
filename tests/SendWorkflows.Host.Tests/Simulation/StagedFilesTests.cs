using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>simulate's files reach the out folder together, and only from a run that succeeded.</summary>
public sealed class StagedFilesTests : IDisposable
{
    readonly string outFolder = Directory.CreateTempSubdirectory("staged-files-test-").FullName;

    [Fact]
    public void A_run_that_fails_before_committing_leaves_the_last_runs_files_as_they_were_and_no_new_ones()
    {
        File.WriteAllText(Path.Combine(outFolder, "outcomes.jsonl"), "last run\n");

        using (var staged = StagedFiles.In(outFolder))
        {
            File.WriteAllText(Path.Combine(staged.Folder, "outcomes.jsonl"), "this run\n");
            File.WriteAllText(Path.Combine(staged.Folder, "kpis.json"), "{}\n");
        }

        Assert.Equal(["outcomes.jsonl"], Directory.GetFileSystemEntries(outFolder).Select(Path.GetFileName));
        Assert.Equal("last run\n", File.ReadAllText(Path.Combine(outFolder, "outcomes.jsonl")));
    }

    [Fact]
    public void Committing_moves_every_file_into_place_replacing_the_last_runs_and_removes_the_staging_folder()
    {
        File.WriteAllText(Path.Combine(outFolder, "outcomes.jsonl"), "last run\n");

        using (var staged = StagedFiles.In(outFolder))
        {
            File.WriteAllText(Path.Combine(staged.Folder, "outcomes.jsonl"), "this run\n");
            File.WriteAllText(Path.Combine(staged.Folder, "kpis.json"), "{}\n");
            staged.Commit();
        }

        Assert.Equal(["kpis.json", "outcomes.jsonl"], Directory.GetFileSystemEntries(outFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("this run\n", File.ReadAllText(Path.Combine(outFolder, "outcomes.jsonl")));
    }

    [Fact]
    public void What_a_killed_run_left_staged_is_cleared_when_the_next_run_starts()
    {
        var left = Path.Combine(outFolder, ".simulate-partial");
        Directory.CreateDirectory(left);
        File.WriteAllText(Path.Combine(left, "notifications.jsonl"), "half a file");

        using var staged = StagedFiles.In(outFolder);

        Assert.Empty(Directory.GetFileSystemEntries(staged.Folder));
    }

    public void Dispose() => Directory.Delete(outFolder, recursive: true);
}
