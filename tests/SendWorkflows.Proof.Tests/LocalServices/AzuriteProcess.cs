using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace SendWorkflows.Proof.Tests.LocalServices;

/// <summary>
/// Azurite with tables and queues (the shared TestSupport fixture serves tables only), in memory, on free ports.
/// One per test class: the host's table names are fixed, so each run needs its own storage account.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's published development account key (not a secret).
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    ChildProcess process = null!;
    int tablePort;
    int queuePort;

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;");

    public TableServiceClient Tables => new(ConnectionString);

    public QueueServiceClient Queues => new(ConnectionString);

    public static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = new AzuriteProcess { tablePort = ChildProcess.FreePort(), queuePort = ChildProcess.FreePort() };
        var blobPort = ChildProcess.FreePort();
        azurite.process = ChildProcess.Start("node",
        [
            Path.Combine(RepoPaths.NodeModules, "azurite", "dist", "src", "azurite.js"),
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", azurite.queuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", azurite.tablePort.ToString(CultureInfo.InvariantCulture),
        ]);
        await ChildProcess.WaitUntilAsync(
            async () => azurite.process.HasExited
                ? throw new InvalidOperationException("Azurite exited: " + azurite.process.Tail())
                : await ChildProcess.AcceptsConnectionsAsync(azurite.tablePort) && await ChildProcess.AcceptsConnectionsAsync(azurite.queuePort),
            TimeSpan.FromSeconds(60), "Azurite to listen");
        return azurite;
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
