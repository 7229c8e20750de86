using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SendWorkflows.Contract;

namespace SendWorkflows.Benchmarks;

/// <summary>
/// <c>--simulate 20000,640000</c>: one school year of a generated caseload (that many plans, a tenth as many
/// assessment requests, seed 1, 2025/26) through the real <c>sendworkflows simulate</c>, each size in a child process
/// of its own so its CPU time and peak memory are the simulation's alone. Inputs are generated once into the temp
/// folder and reused (the generator is deterministic).
/// </summary>
static partial class SimulationBenchmark
{
    const int Seed = 1;
    const int AcademicYear = 2025;
    static readonly string[] OutputFiles = ["notifications.jsonl", "outcomes.jsonl", "kpis.json", "rejected.jsonl"];

    public static async Task RunAsync(IReadOnlyList<int> planCounts)
    {
        Console.WriteLine($"simulate: one year of a generated caseload (seed {Seed}, {AcademicYear}/{(AcademicYear + 1) % 100:D2}), requests = plans / 10, memory store");
        Console.WriteLine("CPU = user + system time of the child (getrusage), peak = its largest resident set (ru_maxrss)");
        foreach (var plans in planCounts)
        {
            var generate = Stopwatch.StartNew();
            var (directory, arguments) = Generate(plans, plans / 10);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  inputs for {plans} plans in {directory} ({generate.Elapsed.TotalSeconds:0.0} s)"));

            var before = ChildUsage.Read();
            var wall = Stopwatch.StartNew();
            using var child = Process.Start(ChildStart(arguments)) ?? throw new InvalidOperationException("could not start sendworkflows simulate");
            var said = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            wall.Stop();
            var after = ChildUsage.Read();

            Console.WriteLine($"  sendworkflows: {said.Trim()}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {plans,7} plans: exit {child.ExitCode}, wall {wall.Elapsed.TotalSeconds:0.0} s, CPU {(after.Cpu - before.Cpu).TotalSeconds:0.0} s " +
                $"(user {(after.User - before.User).TotalSeconds:0.0}, system {(after.System - before.System).TotalSeconds:0.0}), " +
                $"peak resident {after.MaxResidentMegabytes:0} MB; outputs sha256 {OutputsHash(Path.Combine(directory, "out"))}"));
        }
    }

    /// <summary>The generated inputs for this size and the simulate arguments over them.</summary>
    static (string Directory, string[] Arguments) Generate(int plans, int requests)
    {
        var directory = Path.Combine(Path.GetTempPath(), FormattableString.Invariant($"sendworkflows-simulate-{plans}-{requests}-s{Seed}"));
        var from = new DateOnly(AcademicYear, 9, 1);
        string[] arguments =
        [
            "simulate", "--caseload", Path.Combine(directory, "caseload.csv"), "--contacts", Path.Combine(directory, "contacts.json"),
            "--events", Path.Combine(directory, "events.jsonl"), "--from", $"{from:yyyy-MM-dd}", "--to", $"{from.AddYears(1).AddDays(-1):yyyy-MM-dd}",
            "--out", Path.Combine(directory, "out"),
        ];
        // Reused only if this very build of the generator wrote them: inputs from an older generator once gave figures
        // for a different workload (before annual review events) under the same folder name.
        var complete = Path.Combine(directory, "complete");
        var generator = typeof(CaseloadGenerator).Assembly.ManifestModule.ModuleVersionId.ToString();
        if (File.Exists(complete) && File.ReadAllText(complete) == generator)
        {
            return (directory, arguments);
        }

        var generated = new CaseloadGenerator(Seed).Generate(AcademicYear, plans, requests);
        if (generated.LoadedOn != from)
        {
            throw new InvalidOperationException($"the generator loads on {generated.LoadedOn}, not {from}");
        }

        Directory.CreateDirectory(directory);
        Write(Path.Combine(directory, "caseload.csv"), generated.WriteCaseload);
        Write(Path.Combine(directory, "contacts.json"), generated.WriteContacts);
        Write(Path.Combine(directory, "events.jsonl"), generated.WriteEvents);
        File.WriteAllText(complete, generator);
        return (directory, arguments);
    }

    static void Write(string path, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        write(writer);
    }

    /// <summary>The sendworkflows build copied beside this benchmark, started as a user would start it.</summary>
    static ProcessStartInfo ChildStart(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sendworkflows.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    static string OutputsHash(string directory)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in OutputFiles)
        {
            sha.AppendData(File.ReadAllBytes(Path.Combine(directory, file)));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>getrusage(RUSAGE_CHILDREN): CPU of the children waited for so far, and the largest one's peak RSS.</summary>
    readonly record struct ChildUsage(TimeSpan User, TimeSpan System, double MaxResidentMegabytes)
    {
        public TimeSpan Cpu => User + System;

        public static ChildUsage Read()
        {
            if (!OperatingSystem.IsLinux() || GetRUsage(-1, out var usage) != 0)
            {
                return default;
            }

            return new ChildUsage(usage.UserTime.ToTimeSpan(), usage.SystemTime.ToTimeSpan(), usage.MaxRss / 1024.0);
        }
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    struct TimeVal
    {
        public long Seconds;
        public long Microseconds;

        public readonly TimeSpan ToTimeSpan() => TimeSpan.FromSeconds(Seconds) + TimeSpan.FromMicroseconds(Microseconds);
    }

    /// <summary>Linux x64 struct rusage: two timevals, then fourteen longs of which the first is ru_maxrss in KB.</summary>
    [StructLayout(LayoutKind.Sequential)]
    struct RUsage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxRss;
        public Thirteen Rest;
    }

    [System.Runtime.CompilerServices.InlineArray(13)]
    struct Thirteen
    {
        long first;
    }
}
