using System.Text.Json;
using System.Text.RegularExpressions;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// Issue 12, defects 3 and 7: the README's generate-demo and simulate commands, read from the README itself and run
/// as written (in-process, with /tmp/demo moved to a temporary folder), give a year that looks like a council's.
/// </summary>
public sealed partial class ReadmeDemoTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("readme-demo-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Each <c>dotnet run --project src/SendWorkflows.Host -- ...</c> command of the README, its continuation lines joined.</summary>
    static List<string[]> ReadmeCommands()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "SendWorkflows.sln")))
            directory = directory.Parent ?? throw new InvalidOperationException("SendWorkflows.sln not found above the test's folder");
        var readme = File.ReadAllText(Path.Combine(directory.FullName, "README.md")).Replace("\\\n", " ", StringComparison.Ordinal);
        return [.. CommandLine().Matches(readme).Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))];
    }

    [GeneratedRegex(@"^dotnet run --project src/SendWorkflows\.Host -- (.+)$", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    [Fact]
    public async Task The_readme_demo_gives_a_plausible_council_year()
    {
        var commands = ReadmeCommands().Where(c => c[0] is "generate-demo" or "simulate").ToList();
        Assert.Equal(["generate-demo", "simulate"], commands.Select(c => c[0]));

        foreach (var command in commands)
        {
            var args = command[1..].Select(a => a.Replace("/tmp/demo", folder, StringComparison.Ordinal)).ToArray();
            var errors = new StringWriter();
            var exit = command[0] == "generate-demo"
                ? await GenerateDemoCommand.RunAsync(args, TextWriter.Null, errors)
                : await SimulateCommand.RunAsync(args, TextWriter.Null, errors);
            Assert.True(exit == 0, $"{command[0]} exited {exit}: {errors}");
        }

        var simulate = commands[1];
        var from = DateOnly.Parse(simulate[Array.IndexOf(simulate, "--from") + 1], System.Globalization.CultureInfo.InvariantCulture);
        var output = Path.Combine(folder, "out");
        using var kpis = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "kpis.json")));
        var root = kpis.RootElement;
        var plans = File.ReadLines(Path.Combine(folder, "caseload.csv")).Count() - 1;

        var reviewsOnTime = root.GetProperty("reviewsOnTime").GetProperty("all");
        Assert.True(reviewsOnTime.GetProperty("total").GetInt32() > plans / 2, $"only {reviewsOnTime} reviews were due in the year");
        Assert.InRange(reviewsOnTime.GetProperty("percent").GetDouble(), 55, 90);
        Assert.InRange(root.GetProperty("newPlansWithin20WeeksIncludingExceptions").GetProperty("percent").GetDouble(), 60, 75);
        Assert.InRange(root.GetProperty("overdueReviews").GetProperty("count").GetInt32(), 0, plans / 10);

        var notificationDates = File.ReadLines(Path.Combine(output, "notifications.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("on").GetString()!).ToList();
        Assert.All(notificationDates, on => Assert.True(string.CompareOrdinal(on, from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) >= 0, on));

        // The demo's own events fit: none is rejected for its date or as impossible, beyond a handful.
        var rejected = File.ReadLines(Path.Combine(output, "rejected.jsonl")).ToList();
        Assert.True(rejected.Count < plans / 100, $"{rejected.Count} rejected, e.g. {string.Join("\n", rejected.Take(5))}");
    }

    [Fact]
    public async Task A_caseload_from_an_earlier_year_is_refused_naming_the_mismatch()
    {
        Assert.Equal(0, await GenerateDemoCommand.RunAsync(["--out", folder, "--year", "2025"], TextWriter.Null, TextWriter.Null));
        var errors = new StringWriter();

        var exit = await SimulateCommand.RunAsync(
            ["--caseload", Path.Combine(folder, "caseload.csv"), "--contacts", Path.Combine(folder, "contacts.json"), "--events", Path.Combine(folder, "events.jsonl"),
             "--from", "2026-09-01", "--to", "2027-08-31", "--out", Path.Combine(folder, "out")],
            TextWriter.Null, errors);

        Assert.NotEqual(0, exit);
        Assert.Contains("the caseload does not fit the period starting 2026-09-01", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("--from 2025-09-01", errors.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "out", "notifications.jsonl")));
    }
}
