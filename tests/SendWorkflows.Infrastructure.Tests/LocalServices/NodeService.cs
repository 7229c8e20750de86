using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SendWorkflows.Infrastructure.Tests.LocalServices;

/// <summary>A local stand-in (Azurite, MailDev) started with node from the repo's pinned node_modules.</summary>
internal sealed class NodeService : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;

    private NodeService(Process process) => this.process = process;

    public static async Task<NodeService> StartAsync(string script, string arguments, string readyLine)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("node", $"\"{Path.Combine(RepoRoot.NodeModules, script)}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            },
            EnableRaisingEvents = true,
        };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.Contains(readyLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{script} exited early:\n{string.Join('\n', output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} did not print '{readyLine}' within {StartTimeout}:\n{string.Join('\n', output)}");
        }

        return new NodeService(process);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string NodeModules => System.IO.Path.Combine(Path, "node_modules");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SendWorkflows.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SendWorkflows.sln above {AppContext.BaseDirectory}.");
    }
}
