using System.Collections.Concurrent;
using System.Diagnostics;

namespace SendWorkflows.TestSupport;

/// <summary>A child process whose output is kept (for diagnostics and the log-privacy checks) and which is killed, tree and all, on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    static readonly TimeSpan NodeStartTimeout = TimeSpan.FromSeconds(60);

    readonly Process process;
    readonly ConcurrentQueue<string> output;

    ChildProcess(Process process, ConcurrentQueue<string> output)
    {
        this.process = process;
        this.output = output;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public IReadOnlyCollection<string> Output => output;

    public string Tail(int lines = 40) => string.Join('\n', output.TakeLast(lines));

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, ConcurrentQueue<string>? output = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var lines = output ?? new ConcurrentQueue<string>();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, lines);
    }

    /// <summary>
    /// Runs a script of a pinned npm package (<see cref="RepoPaths.NodeScript"/>) with node and waits, bounded, until it
    /// listens on every one of <paramref name="ports"/>. If it exits or never listens, it is killed and the error carries its output.
    /// </summary>
    public static async Task<ChildProcess> StartNodeAsync(string service, string[] script, IEnumerable<string> arguments, params int[] ports)
    {
        var child = Start("node", [RepoPaths.NodeScript(script), .. arguments]);
        try
        {
            await Poll.UntilAsync(async () => child.HasExited
                    ? throw new InvalidOperationException($"{service} exited before listening:\n{child.Tail()}")
                    : await AllAcceptConnectionsAsync(ports),
                NodeStartTimeout, $"{service} to listen on port(s) {string.Join(", ", ports)}");
        }
        catch (TimeoutException timeout)
        {
            await child.DisposeAsync();
            throw new TimeoutException($"{timeout.Message} Its output:\n{child.Tail()}", timeout);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }

        return child;
    }

    /// <summary>SIGKILL, the whole tree: no shutdown code runs, as in a power cut or an OOM kill.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit(TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    static async Task<bool> AllAcceptConnectionsAsync(int[] ports)
    {
        foreach (var port in ports)
        {
            if (!await LocalPorts.AcceptsConnectionsAsync(port))
            {
                return false;
            }
        }

        return true;
    }
}
