using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Xunit;

namespace SendWorkflows.TestSupport;

/// <summary>
/// A real Azurite table service for the tests, started from the repo's pinned npm package on a free port with
/// in-memory persistence and killed when the fixture is disposed. Share it through an xunit collection: each test
/// project declares <c>[CollectionDefinition(AzuriteFixture.Collection)] class AzuriteCollection :
/// ICollectionFixture&lt;AzuriteFixture&gt;;</c> (xunit only finds collection definitions in the test assembly) and
/// marks its classes <c>[Collection(AzuriteFixture.Collection)]</c>. Tests isolate themselves with
/// <see cref="NewTableName"/> rather than sharing tables.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string Collection = "Azurite";

    // Azurite's published development account key (not a secret).
    const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    Process? process;
    int tableCounter;

    public int TablePort { get; private set; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;");

    public TableServiceClient CreateTableServiceClient()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        return new TableServiceClient(ConnectionString, options);
    }

    /// <summary>A table (or task hub) name no other test uses: letters and digits only.</summary>
    public string NewTableName(string prefix = "t") =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{Interlocked.Increment(ref tableCounter)}x{Guid.NewGuid():N}")[..Math.Min(40, prefix.Length + 20)];

    public async Task InitializeAsync()
    {
        var script = FindAzuriteTableScript();
        TablePort = FreePort();
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
                 {
                     script, "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--silent", "--disableTelemetry",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync(TablePort))
        {
            if (process.HasExited || deadline.Elapsed > StartupTimeout)
            {
                string detail;
                lock (errors)
                {
                    detail = errors.ToString();
                }

                throw new InvalidOperationException($"Azurite did not start on port {TablePort} ({script}): {detail}");
            }

            await Task.Delay(50); // waiting for an external process to open its port; bounded by StartupTimeout
        }
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        process?.Dispose();
        return Task.CompletedTask;
    }

    static async Task<bool> AcceptsConnectionsAsync(int port)
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

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The pinned package's table entry point, found by walking up from the test binaries to the repo root.</summary>
    static string FindAzuriteTableScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "table", "main.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            "node_modules/azurite was not found above " + AppContext.BaseDirectory + "; run `npm ci` at the repository root (building SendWorkflows.TestSupport does it).");
    }
}
