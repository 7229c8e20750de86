using System.CommandLine;
using System.CommandLine.Help;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Host.Intake;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Cli;

/// <summary>
/// The <c>sendworkflows</c> command line (System.CommandLine): <c>serve</c> (the default, so
/// <c>sendworkflows --Section:Key=value</c> serves too), <c>import</c>, <c>simulate</c> and <c>generate-demo</c>, each
/// with <c>--help</c>. A command line that cannot run prints what is wrong, prefixed by the command, and exits 2.
/// </summary>
public static class SendWorkflowsCli
{
    public const int UsageExitCode = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        var root = Build(output, errors);
        var parsed = root.Parse(args);
        var command = parsed.CommandResult.Command;
        var name = command == root ? "sendworkflows" : $"sendworkflows {command.Name}";
        if (parsed.Action is HelpAction)
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors }, cancellationToken);
        }

        var problems = parsed.Errors.Select(e => e.Message)
            .Concat(parsed.UnmatchedTokens.Where(token => !IsSetting(token)).Select(token => UnknownToken(token, command == root)))
            .Distinct()
            .ToList();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await errors.WriteLineAsync($"{name}: {problem}");
            }

            await errors.WriteLineAsync($"see: {name} --help");
            return UsageExitCode;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors }, cancellationToken);
    }

    static RootCommand Build(TextWriter output, TextWriter errors)
    {
        var serve = ServeCommand.Command();
        var root = new RootCommand(
            "SendWorkflows: durable, timer-driven workflows for SEND services (EHC needs assessments and annual reviews). " +
            "Without a command it serves; settings are given as --Section:Key=value (docs/configuration.md).")
        {
            serve,
            ImportCommand.Command(output, errors),
            SimulateCommand.Command(output, errors),
            GenerateDemoCommand.Command(output, errors),
        };
        root.TreatUnmatchedTokensAsErrors = false; // settings for the default command, checked in RunAsync
        root.SetAction((parsed, cancellationToken) => ServeCommand.RunAsync(Settings(parsed)));
        return root;
    }

    /// <summary>The <c>--Section:Key=value</c> settings given to serve or import (ASP.NET Core configuration syntax).</summary>
    public static string[] Settings(ParseResult parsed) => [.. parsed.UnmatchedTokens.Where(IsSetting)];

    static bool IsSetting(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) && token.IndexOf('=', StringComparison.Ordinal) > 2;

    static string UnknownToken(string token, bool atRoot) => token.StartsWith('-')
        ? $"unknown option '{token}' (settings are written --Section:Key=value)"
        : atRoot
            ? $"unknown command '{token}' (commands: serve, import, simulate, generate-demo)"
            : $"unexpected argument '{token}'";
}
