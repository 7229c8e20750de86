using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SendWorkflows.Benchmarks;

/// <summary>
/// Profiles Azurite with V8's sampling profiler (a preload script given through NODE_OPTIONS), stops it with SIGUSR2
/// so the preload writes the profile, and prints where its CPU went: the functions with the most samples in
/// themselves and in what they called.
/// </summary>
static class AzuriteProfile
{
    /// <summary>Writes the preload into <paramref name="directory"/> and returns its path.</summary>
    public static string WritePreload(string directory)
    {
        var full = Path.GetFullPath(directory);
        Directory.CreateDirectory(full);
        var path = Path.Combine(full, "profile-preload.js");
        File.WriteAllLines(path,
        [
            "const inspector = require('inspector');",
            "const fs = require('fs');",
            "const session = new inspector.Session();",
            "session.connect();",
            "session.post('Profiler.enable', () => session.post('Profiler.start'));",
            "process.on('SIGUSR2', () => session.post('Profiler.stop', (error, result) => {",
            $"  if (!error) fs.writeFileSync({JsonSerializer.Serialize(full)} + '/azurite-' + process.pid + '.cpuprofile', JSON.stringify(result.profile));",
            "  process.exit(0);",
            "}));",
        ]);
        return path;
    }

    public static async Task StopAndSummariseAsync(int pid, string directory)
    {
        using (var kill = Process.Start("kill", ["-USR2", pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var deadline = Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{pid}") && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }

        await Task.Delay(1000);
        var file = new DirectoryInfo(directory).GetFiles("*.cpuprofile").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault();
        if (file is null)
        {
            Console.WriteLine($"Azurite profile: none written in {directory}");
            return;
        }

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file.FullName));
        var nodes = json.RootElement.GetProperty("nodes").EnumerateArray().Select(n => new Node(
            n.GetProperty("id").GetInt32(),
            Name(n.GetProperty("callFrame")),
            n.TryGetProperty("hitCount", out var hits) ? hits.GetInt32() : 0,
            n.TryGetProperty("children", out var children) ? [.. children.EnumerateArray().Select(c => c.GetInt32())] : [])).ToDictionary(n => n.Id);
        var total = nodes.Values.Sum(n => n.Hits);
        var self = nodes.Values.GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.Sum(n => n.Hits));
        var inclusive = new Dictionary<string, long>();
        Walk(nodes[nodes.Keys.Min()], []);
        Console.WriteLine($"Azurite CPU profile ({file.Name}, {total} samples; idle excluded from the shares below)");
        var busy = total - self.GetValueOrDefault("(idle)") - self.GetValueOrDefault("(program)");
        Console.WriteLine("  busy samples: " + busy);
        Console.WriteLine("  most time in the function itself:");
        foreach (var (name, hits) in self.Where(s => s.Key is not "(idle)").OrderByDescending(s => s.Value).Take(12))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {100.0 * hits / Math.Max(1, busy),5:0.0} %  {name}"));
        }

        Console.WriteLine("  most time including what it called (Azurite's table code and LokiJS):");
        foreach (var (name, hits) in inclusive.Where(s => s.Key.Contains("(table/", StringComparison.Ordinal) || s.Key.Contains("(lokijs", StringComparison.Ordinal)).OrderByDescending(s => s.Value).Take(15))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {100.0 * hits / Math.Max(1, busy),5:0.0} %  {name}"));
        }

        long Walk(Node node, HashSet<string> onStack)
        {
            long sum = node.Hits;
            var added = onStack.Add(node.Name);
            foreach (var child in node.Children)
            {
                sum += Walk(nodes[child], onStack);
            }

            if (added)
            {
                onStack.Remove(node.Name);
                inclusive[node.Name] = inclusive.GetValueOrDefault(node.Name) + sum; // counted once per stack, so recursion is not doubled
            }

            return sum;
        }
    }

    static string Name(JsonElement frame)
    {
        var function = frame.GetProperty("functionName").GetString() is { Length: > 0 } f ? f : "(anonymous)";
        var url = frame.GetProperty("url").GetString() ?? "";
        var at = url.IndexOf("/dist/src/", StringComparison.Ordinal);
        var where = at >= 0 ? url[(at + 10)..] : url.Contains("lokijs", StringComparison.Ordinal) ? "lokijs" : Path.GetFileName(url);
        return where.Length > 0 ? $"{function} ({where}:{frame.GetProperty("lineNumber").GetInt32() + 1})" : function;
    }

    sealed record Node(int Id, string Name, int Hits, int[] Children);
}
