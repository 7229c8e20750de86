using System.Text;
using SendWorkflows.Contract;

namespace SendWorkflows.Host.Simulation;

/// <summary><c>sendworkflows generate-demo</c>: writes a fictional caseload, contacts directory and events to simulate.</summary>
public static class GenerateDemoCommand
{
    public const string Usage = "sendworkflows generate-demo --out DIR [--year 2026] [--seed 1]";

    static readonly HashSet<string> Options = ["out", "year", "seed"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        string directory;
        int year, seed;
        try
        {
            var line = CommandLine.Parse(args, Options);
            directory = line.Required("out");
            year = Number(line.Optional("year") ?? "2026", "--year");
            seed = Number(line.Optional("seed") ?? "1", "--seed");
        }
        catch (UsageException e)
        {
            await errors.WriteLineAsync($"generate-demo: {e.Message}\nusage: {Usage}");
            return 2;
        }

        var generated = new CaseloadGenerator(seed).Generate(year);
        Directory.CreateDirectory(directory);
        await WriteAsync(Path.Combine(directory, "caseload.csv"), generated.WriteCaseload);
        await WriteAsync(Path.Combine(directory, "contacts.json"), generated.WriteContacts);
        await WriteAsync(Path.Combine(directory, "events.jsonl"), generated.WriteEvents);
        await output.WriteLineAsync(
            $"wrote {generated.Plans.Count} plans, {generated.Events.Count} events and the contacts directory to {directory}; " +
            $"simulate with: sendworkflows simulate --caseload {Path.Combine(directory, "caseload.csv")} --contacts {Path.Combine(directory, "contacts.json")} " +
            $"--events {Path.Combine(directory, "events.jsonl")} --from {generated.LoadedOn:yyyy-MM-dd} --to {generated.LoadedOn.AddYears(1).AddDays(-1):yyyy-MM-dd} --out {Path.Combine(directory, "out")}");
        return 0;
    }

    static int Number(string text, string option) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"{option} must be a whole number, not '{text}'");

    static async Task WriteAsync(string path, Action<TextWriter> write)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        write(writer);
    }
}
