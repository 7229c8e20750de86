using System.Diagnostics;

namespace SendWorkflows.Host.Simulation;

/// <summary><c>sendworkflows simulate</c>: runs the real workflows in virtual time over a caseload and its events.</summary>
public static class SimulateCommand
{
    public const string Usage =
        "sendworkflows simulate --caseload FILE --contacts FILE [--events FILE] --from yyyy-MM-dd --to yyyy-MM-dd --out DIR [--store memory|tables --connection CONNECTION_STRING]";

    static readonly HashSet<string> Options = ["caseload", "contacts", "events", "from", "to", "out", "store", "connection"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        SimulationOptions options;
        try
        {
            options = Parse(args);
        }
        catch (UsageException e)
        {
            await errors.WriteLineAsync($"simulate: {e.Message}\nusage: {Usage}");
            return 2;
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var result = await new Simulator(options).RunAsync();
            await SimulationOutput.WriteAsync(result, options.OutDirectory);
            await output.WriteLineAsync(
                $"simulated {options.From:yyyy-MM-dd}..{options.To:yyyy-MM-dd}: {result.PlansLoaded} plans, {result.EventsApplied} events, " +
                $"{result.Notifications.Count} notifications, {result.Outcomes.Count} outcomes in {stopwatch.Elapsed.TotalSeconds:0.0}s; wrote {options.OutDirectory}");
            await SimulationOutput.SummariseRejectionsAsync(result.Rejected, errors);
            foreach (var failure in result.FailedWorkflows)
            {
                await errors.WriteLineAsync($"workflow failed: {failure}");
            }

            return result.FailedWorkflows.Count > 0 || NothingUsable(result) ? 1 : 0;
        }
        catch (SimulationInputException e)
        {
            await errors.WriteLineAsync($"simulate: {e.Message}");
            return 1;
        }
    }

    /// <summary>Every caseload row, or every event, was rejected: the run simulated nothing of what it was given.</summary>
    static bool NothingUsable(SimulationResult result) =>
        (result.PlansLoaded == 0 && result.Rejected.Any(r => r.Source == SendWorkflows.Workflows.Loading.CaseloadLoader.Source))
        || (result.EventsApplied == 0 && result.Rejected.Any(r => r.Source == SendWorkflows.Workflows.Dispatch.CaseEventDispatcher.Source));

    static SimulationOptions Parse(IReadOnlyList<string> args)
    {
        var line = CommandLine.Parse(args, Options);
        var (caseload, contacts, outDirectory) = (line.Required("caseload"), line.Required("contacts"), line.Required("out"));
        var from = line.RequiredDate("from");
        var to = line.RequiredDate("to");
        if (to < from)
        {
            throw new UsageException($"--to ({to:yyyy-MM-dd}) is before --from ({from:yyyy-MM-dd})");
        }

        var store = line.Optional("store") switch
        {
            null or "memory" => SimulationStore.Memory,
            "tables" => SimulationStore.Tables,
            var other => throw new UsageException($"--store must be memory or tables, not '{other}'"),
        };
        var connection = line.Optional("connection");
        if (store == SimulationStore.Tables && connection is null)
        {
            throw new UsageException("--store tables needs --connection (an Azure Storage connection string, e.g. Azurite's)");
        }

        return new SimulationOptions(caseload, contacts, line.Optional("events"), from, to, outDirectory, store, connection);
    }
}

/// <summary>An input file that cannot be used at all (missing, or a contacts directory that does not read).</summary>
public sealed class SimulationInputException(string message) : Exception(message);
