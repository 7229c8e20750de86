using System.CommandLine;
using System.Diagnostics;
using SendWorkflows.Host.Cli;

namespace SendWorkflows.Host.Simulation;

/// <summary><c>sendworkflows simulate</c>: runs the real workflows in virtual time over a caseload and its events.</summary>
public static class SimulateCommand
{
    /// <summary>Runs <c>simulate</c> with these arguments, as the command line would.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors) =>
        SendWorkflowsCli.RunAsync(["simulate", .. args], output, errors);

    public static Command Command(TextWriter output, TextWriter errors)
    {
        var caseload = new Option<string>("--caseload") { Description = "The caseload CSV (contract section 1).", Required = true, HelpName = "FILE" };
        var contacts = new Option<string>("--contacts") { Description = "The contacts directory JSON (contract section 3).", Required = true, HelpName = "FILE" };
        var events = new Option<string?>("--events") { Description = "Case events, JSON Lines (contract section 2), each applied on its date.", HelpName = "FILE" };
        var from = CliDates.Option("--from", "First day simulated; the caseload is loaded on it.");
        var to = CliDates.Option("--to", "Last day simulated.");
        var outDirectory = new Option<string>("--out") { Description = "Folder for notifications.jsonl, outcomes.jsonl, kpis.json, rejected.jsonl.", Required = true, HelpName = "DIR" };
        var store = new Option<string>("--store") { Description = "Where workflow history lives.", DefaultValueFactory = _ => "memory" };
        store.AcceptOnlyFromAmong("memory", "tables");
        var kpisFor = new Option<string[]>("--kpis-for")
        {
            Description = "Also write the KPIs of a period within the run (as of --to), e.g. month:2025-11, term:2025-autumn, year:2025, custom:2025-10-01..2025-12-31; repeatable.",
            HelpName = "PERIOD",
            AllowMultipleArgumentsPerToken = false,
        };
        var connection = new Option<string?>("--connection") { Description = "Azure Storage connection string, for --store tables (e.g. Azurite's).", HelpName = "CONNECTION_STRING" };

        var shardPlans = new Option<int?>("--shard-plans")
        {
            Description = $"About how many plans each shard of the caseload runs (shards run one per core; the outputs are the same whatever the size). Default: {SimulationShards.DefaultPlansPerShard}, or more when a caseload would need more than {SimulationShards.MostShardsByDefault} shards.",
            HelpName = "N",
        };
        shardPlans.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 and var plans)
                result.AddError($"--shard-plans must be at least 1, not {plans}");
        });

        var whatIf = new Option<bool>("--what-if")
        {
            Description = "Run a what-if year: scale the assessment requests (--requests) and move advice receipts (--advice-delay); writes what-if.json with the staff workload.",
        };
        var requests = new Option<string?>("--requests") { Description = "With --what-if: the assessment requests times a factor, as x1.3.", HelpName = "xFACTOR" };
        var adviceDelay = new Option<string?>("--advice-delay") { Description = "With --what-if: every advice receipt moved by days or weeks, as +2w or -3d.", HelpName = "+Nw|+Nd" };
        var seed = new Option<int>("--seed") { Description = "With --what-if: which requests are copied or dropped and where copies fall.", DefaultValueFactory = _ => 1 };

        var command = new Command("simulate", "Run the real workflows in virtual time over a caseload and its events (contract section 5).")
        {
            caseload, contacts, events, from, to, outDirectory, store, connection, shardPlans, whatIf, requests, adviceDelay, seed, kpisFor,
        };
        command.Validators.Add(result =>
        {
            var (first, last) = (result.ValueOrDefault(from), result.ValueOrDefault(to));
            if (first != default && last != default && last < first)
                result.AddError($"--to ({last:yyyy-MM-dd}) is before --from ({first:yyyy-MM-dd})");
            if (result.ValueOrDefault(store) == "tables" && result.ValueOrDefault(connection) is null)
                result.AddError("--store tables needs --connection (an Azure Storage connection string, e.g. Azurite's)");
            var isWhatIf = result.ValueOrDefault(whatIf);
            foreach (var option in new Option[] { requests, adviceDelay, seed })
            {
                if (!isWhatIf && result.GetResult(option) is { Implicit: false })
                    result.AddError($"{option.Name} is a what-if setting: add --what-if");
            }

            if (result.ValueOrDefault(requests) is { } factor && !WhatIfScenario.TryParseRequests(factor, out _, out var requestsError))
                result.AddError(requestsError!);
            if (result.ValueOrDefault(adviceDelay) is { } delay && !WhatIfScenario.TryParseAdviceDelay(delay, out _, out var delayError))
                result.AddError(delayError!);

            foreach (var spec in result.ValueOrDefault(kpisFor) ?? [])
            {
                try
                {
                    if (last != default)
                        Domain.ReportingPeriod.Parse(spec, last);
                }
                catch (Domain.PeriodException e)
                {
                    result.AddError($"--kpis-for: {e.Message}");
                }
            }
        });
        command.SetAction((parsed, cancellationToken) => ExecuteAsync(
            parsed.GetValue(kpisFor) ?? [],
            new SimulationOptions(
                parsed.GetRequiredValue(caseload), parsed.GetRequiredValue(contacts), parsed.GetValue(events),
                parsed.GetValue(from), parsed.GetValue(to), parsed.GetRequiredValue(outDirectory),
                parsed.GetValue(store) == "tables" ? SimulationStore.Tables : SimulationStore.Memory, parsed.GetValue(connection))
            {
                PlansPerShard = parsed.GetValue(shardPlans),
                WhatIf = parsed.GetValue(whatIf) ? Scenario(parsed.GetValue(requests), parsed.GetValue(adviceDelay), parsed.GetValue(seed)) : null,
            },
            output, errors));
        return command;
    }

    static async Task<int> ExecuteAsync(string[] kpisFor, SimulationOptions options, TextWriter output, TextWriter errors)
    {
        var stopwatch = Stopwatch.StartNew();
        using var batch = BatchCollections.Begin();
        // Each shard's notifications go to a file here as it ends and are merged into the output (ADR 0016).
        var spill = Directory.CreateTempSubdirectory("sendworkflows-simulate-");
        options = options with { SpillDirectory = spill.FullName, WritesFiles = true };
        try
        {
            var result = await new Simulator(options, errors).RunAsync();
            await SimulationOutput.WritePeriodKpisAsync(result, kpisFor.Select(spec => Domain.ReportingPeriod.Parse(spec, options.To)), options.OutDirectory);
            await output.WriteLineAsync(
                $"simulated {options.From:yyyy-MM-dd}..{options.To:yyyy-MM-dd}: {result.PlansLoaded} plans, {result.EventsApplied} events, " +
                $"{result.ContractNotifications.Count} notifications, {result.Outcomes.Count} outcomes in {stopwatch.Elapsed.TotalSeconds:0.0}s; wrote {options.OutDirectory}");
            if (result.WhatIf is { } changes)
            {
                var report = WhatIfReport.For(changes, result, options.From, options.To);
                await report.WriteAsync(options.OutDirectory);
                await report.SummariseAsync(output);
            }

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
        finally
        {
            spill.Delete(recursive: true);
        }
    }

    /// <summary>The scenario of the what-if options (already validated); a missing one leaves that part as it is.</summary>
    static WhatIfScenario Scenario(string? requests, string? adviceDelay, int seed)
    {
        var factor = 1.0;
        var days = 0;
        _ = requests is null || WhatIfScenario.TryParseRequests(requests, out factor, out _);
        _ = adviceDelay is null || WhatIfScenario.TryParseAdviceDelay(adviceDelay, out days, out _);
        return new WhatIfScenario(factor, days, seed);
    }

    /// <summary>Every caseload row, or every event, was rejected: the run simulated nothing of what it was given.</summary>
    static bool NothingUsable(SimulationResult result) =>
        (result.PlansLoaded == 0 && result.Rejected.Any(r => r.Source == SendWorkflows.Workflows.Loading.CaseloadLoader.Source))
        || (result.EventsApplied == 0 && result.Rejected.Any(r => r.Source == SendWorkflows.Workflows.Dispatch.CaseEventDispatcher.Source));
}

/// <summary>An input file that cannot be used at all (missing, or a contacts directory that does not read).</summary>
public sealed class SimulationInputException(string message) : Exception(message);
