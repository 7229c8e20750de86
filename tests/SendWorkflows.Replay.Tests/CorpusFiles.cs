using SendWorkflows.Replay.Tests.Corpus;

namespace SendWorkflows.Replay.Tests;

/// <summary>The corpus files kept in the repository (tests/SendWorkflows.Replay.Tests/corpus), copied next to the tests.</summary>
static class CorpusFiles
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "corpus");

    public static IEnumerable<string> Names =>
        System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> All => new(Names);

    public static ReplaySnapshot Read(string name) => ReplaySnapshot.FromJson(File.ReadAllText(Path.Combine(Directory, name + ".json")));

    /// <summary>The corpus folder in the source tree (for the exporter), found by walking up from the test binaries.</summary>
    public static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "SendWorkflows.Replay.Tests", "corpus");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/SendWorkflows.Replay.Tests/corpus was not found above " + AppContext.BaseDirectory);
    }
}
