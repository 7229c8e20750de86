using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SendWorkflows.Host.Cli;

/// <summary>
/// <c>simulate</c> runs in a child process of this executable with the tiered JIT set for a batch (ADR 0139): no
/// dynamic PGO, whose instrumented tier a year of casework never earns back, and no delay before hot methods are
/// counted for their optimised tier, which a batch that keeps meeting new methods would otherwise put off for seconds.
/// <c>serve</c> keeps the runtime's defaults (ADR 0131). The settings are read only when a runtime starts, hence the
/// child. A setting the caller gives is obeyed; when the caller gives them all, the command runs in this process.
/// </summary>
static class SimulateInOwnProcess
{
    public static readonly IReadOnlyDictionary<string, string> BatchJitSettings = new Dictionary<string, string>
    {
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_TC_CallCountingDelayMs"] = "0",
    };

    /// <summary>
    /// App switches the process that runs the year sets for itself (they cannot be passed on like the settings): each
    /// shard builds a service provider of its own, and by default every provider compiles a resolver for each service
    /// asked for twice, which the JIT then compiles: seven methods a shard, thousands in a year of small shards, to save
    /// microseconds of reflection on the few resolutions a shard makes (ADR 0143).
    /// </summary>
    public static readonly IReadOnlyList<string> BatchSwitches = ["Microsoft.Extensions.DependencyInjection.DisableDynamicEngine"];

    /// <summary>The child's exit code, or null when this process should run the command itself.</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args is not ["simulate", ..])
        {
            return null;
        }

        var missing = BatchJitSettings.Where(setting => Environment.GetEnvironmentVariable(setting.Key) is null).ToList();
        if (missing.Count == 0)
        {
            foreach (var name in BatchSwitches)
            {
                AppContext.SetSwitch(name, true); // before the first service provider reads it
            }

            return null;
        }

        if (Environment.ProcessPath is not { } executable)
        {
            return null;
        }

        var start = new ProcessStartInfo(executable) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SimulateInOwnProcess).Assembly.Location); // dotnet sendworkflows.dll
        }

        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in missing)
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        // Ctrl+C reaches the child too (one process group): this process waits for it to stop. A SIGTERM for this
        // process alone is passed on.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            child.Kill(entireProcessTree: true);
        });
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
