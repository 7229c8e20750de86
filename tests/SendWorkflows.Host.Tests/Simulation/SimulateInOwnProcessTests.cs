using System.Diagnostics;
using System.Security.Cryptography;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// ADR 0139: the real executable (<c>dotnet sendworkflows.dll simulate</c>, as the README runs it) runs the year in a
/// child process with the batch JIT settings, passing on its arguments, output and exit code; a caller's own setting is obeyed.
/// </summary>
public sealed class SimulateInOwnProcessTests : IDisposable
{
    readonly string output = Directory.CreateTempSubdirectory("simulate-own-process-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Theory]
    [InlineData(null, "DOTNET_TieredPGO=0, DOTNET_TC_CallCountingDelayMs=0, Microsoft.Extensions.DependencyInjection.DisableDynamicEngine")]
    [InlineData("1", "DOTNET_TieredPGO=1, DOTNET_TC_CallCountingDelayMs=0, Microsoft.Extensions.DependencyInjection.DisableDynamicEngine")]
    public async Task The_year_runs_with_the_batch_jit_settings_unless_the_caller_chose(string? callersSetting, string expectedSettings)
    {
        var golden = Path.Combine(AppContext.BaseDirectory, "Simulation", "Golden");
        var (code, _, errors) = await RunHostAsync(callersSetting,
            "simulate", "--caseload", Path.Combine(golden, "caseload.csv"), "--contacts", Path.Combine(golden, "contacts.json"),
            "--events", Path.Combine(golden, "events.jsonl"), "--from", "2025-09-01", "--to", "2026-08-31", "--out", output,
            "--shard-plans", "100");

        Assert.True(code == 0, errors);
        Assert.Contains($"shard(s), {expectedSettings} at", errors, StringComparison.Ordinal);
        foreach (var (file, hash) in SimulationGoldenTests.Expected)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(output, file))));
            Assert.True(hash == actual, $"{file} differs from the golden output (sha256 {actual}, expected {hash})");
        }
    }

    [Fact]
    public async Task A_refused_command_line_exits_as_it_would_in_one_process()
    {
        var (code, _, errors) = await RunHostAsync(null, "simulate", "--caseload", "missing.csv");

        Assert.Equal(2, code);
        Assert.Contains("sendworkflows simulate: Option '--contacts' is required.", errors, StringComparison.Ordinal);
    }

    static async Task<(int Code, string Output, string Errors)> RunHostAsync(string? pgoSetting, params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var host = Path.Combine(RepoPaths.Root, "src", "SendWorkflows.Host", "bin", configuration, "net10.0", "sendworkflows.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in SendWorkflows.Host.Cli.SimulateInOwnProcess.BatchJitSettings.Keys)
        {
            start.Environment.Remove(name);
        }

        if (pgoSetting is not null)
        {
            start.Environment["DOTNET_TieredPGO"] = pgoSetting;
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await standardOutput, await standardError);
    }
}
