using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SendWorkflows.Host.Cli;

/// <summary>
/// <c>simulate</c> runs in a child process of this executable with dynamic PGO off (<c>DOTNET_TieredPGO=0</c>, ADR
/// 0139): a year of casework is a batch whose JIT cost dynamic PGO's instrumented tier never earns back, while
/// <c>serve</c> keeps it (ADR 0131). The setting is read only when a runtime starts, hence the child. A caller who sets
/// <c>DOTNET_TieredPGO</c> either way is obeyed, and the command runs in this process.
/// </summary>
static class SimulateInOwnProcess
{
    public const string PgoVariable = "DOTNET_TieredPGO";

    /// <summary>The child's exit code, or null when this process should run the command itself.</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args is not ["simulate", ..] || Environment.GetEnvironmentVariable(PgoVariable) is not null
            || Environment.ProcessPath is not { } executable)
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

        start.Environment[PgoVariable] = "0";
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
