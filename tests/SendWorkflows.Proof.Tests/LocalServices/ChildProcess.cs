using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SendWorkflows.Proof.Tests.LocalServices;

/// <summary>A child process whose output is kept (for diagnostics and the log-privacy checks) and which is killed, tree and all, on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes (then throws with <paramref name="what"/>).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0}s waiting for {what}.");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100)); // polling an external process, bounded by the deadline
        }
    }
}
