using System.Globalization;

namespace SendWorkflows.Benchmarks;

/// <summary>Azurite's node process, found by its table port, and its CPU time: what the benchmarks read to tell Azurite's work from the host's.</summary>
static class AzuriteProcess
{
    /// <summary>The process whose command line is azurite.js with this <c>--tablePort</c>, if any.</summary>
    public static int? Find(int tablePort)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                var i = Array.IndexOf(cmdline, "--tablePort");
                if (cmdline.Any(a => a.EndsWith("azurite.js", StringComparison.Ordinal)) && i >= 0 && i + 1 < cmdline.Length &&
                    cmdline[i + 1] == tablePort.ToString(CultureInfo.InvariantCulture))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary>User + system CPU seconds of the process (0 once it has gone).</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0; // utime + stime, USER_HZ = 100
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// CPU time of every thread of the process in nanoseconds (<c>/proc/&lt;pid&gt;/task/*/schedstat</c>), fine enough to
    /// time one request; 0 where there is no /proc. On a shared machine CPU time, unlike wall time, does not grow
    /// with the load, so it is what a page costs on an idle machine.
    /// </summary>
    public static long CpuNanoseconds(int pid)
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                    total += long.Parse(fields[0], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // a thread that ended while we read
                }
            }
        }
        catch (IOException)
        {
        }

        return total;
    }

    /// <summary>
    /// Waits until Azurite has used less than <paramref name="busyShare"/> of a core over <paramref name="window"/>
    /// (the host's start-up work, such as the index backfill and the council workflows' first steps, is done), or
    /// <paramref name="limit"/> has passed. Returns the seconds waited, or null at the limit.
    /// </summary>
    public static async Task<double?> UntilQuietAsync(int pid, TimeSpan window, double busyShare, TimeSpan limit)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var before = CpuSeconds(pid);
        while (watch.Elapsed < limit)
        {
            await Task.Delay(window);
            var now = CpuSeconds(pid);
            if (now - before < busyShare * window.TotalSeconds)
            {
                return watch.Elapsed.TotalSeconds;
            }

            before = now;
        }

        return null;
    }
}
