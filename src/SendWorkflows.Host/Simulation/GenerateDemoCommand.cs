using System.CommandLine;
using System.Text;
using SendWorkflows.Host.Cli;
using SendWorkflows.Contract;

namespace SendWorkflows.Host.Simulation;

/// <summary><c>sendworkflows generate-demo</c>: writes a fictional caseload, contacts directory and events to simulate.</summary>
public static class GenerateDemoCommand
{
    /// <summary>Runs <c>generate-demo</c> with these arguments, as the command line would.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors) =>
        SendWorkflowsCli.RunAsync(["generate-demo", .. args], output, errors);

    public static Command Command(TextWriter output, TextWriter errors)
    {
        var outDirectory = new Option<string>("--out") { Description = "Folder for caseload.csv, contacts.json and events.jsonl.", Required = true, HelpName = "DIR" };
        var year = new Option<int>("--year")
        {
            Description = "The school year: the caseload is as exported on 1 September of it, the events run to 31 August after.",
            DefaultValueFactory = _ => 2026,
        };
        var seed = new Option<int>("--seed") { Description = "The same seed gives the same files, byte for byte.", DefaultValueFactory = _ => 1 };
        var command = new Command("generate-demo", "Write a fictional caseload, contacts directory and a school year's events to simulate.")
        {
            outDirectory, year, seed,
        };
        command.SetAction(parsed => ExecuteAsync(parsed.GetRequiredValue(outDirectory), parsed.GetValue(year), parsed.GetValue(seed), output));
        return command;
    }

    static async Task<int> ExecuteAsync(string directory, int year, int seed, TextWriter output)
    {
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

    static async Task WriteAsync(string path, Action<TextWriter> write)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        write(writer);
    }
}
