using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace SendWorkflows.TestSupport;

/// <summary>
/// A real Azurite serving tables and queues, started from the repo's pinned npm package on free ports with in-memory
/// persistence and killed on dispose. Tests that share one (<see cref="AzuriteFixture"/>) isolate themselves with
/// <see cref="NewTableName"/> and their own queue names; a test whose code under test uses fixed table names (the
/// proof's real host) starts its own with <see cref="StartAsync"/> so every run gets a fresh account.
/// </summary>
public class Azurite : IAsyncDisposable
{
    // Azurite's published development account key (not a secret).
    const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    ChildProcess? process;
    int tableCounter;

    protected Azurite()
    {
    }

    public int TablePort { get; private set; }

    public int QueuePort { get; private set; }

    public int BlobPort { get; private set; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;");

    /// <summary>Starts one for the caller to dispose.</summary>
    public static async Task<Azurite> StartAsync()
    {
        var azurite = new Azurite();
        await azurite.StartProcessAsync();
        return azurite;
    }

    /// <param name="policy">A policy every request passes through, for tests that act between a client's requests.</param>
    public TableServiceClient CreateTableServiceClient(HttpPipelinePolicy? policy = null)
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(50);
        if (policy is not null)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        return new TableServiceClient(ConnectionString, options);
    }

    public QueueServiceClient CreateQueueServiceClient() => new(ConnectionString);

    /// <summary>A table (or task hub) name no other test uses: letters and digits only.</summary>
    public string NewTableName(string prefix = "t") =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{Interlocked.Increment(ref tableCounter)}x{Guid.NewGuid():N}")[..Math.Min(40, prefix.Length + 20)];

    protected async Task StartProcessAsync()
    {
        TablePort = LocalPorts.Free();
        QueuePort = LocalPorts.Free();
        // azurite.js always serves blobs too (the Functions import reads them): a free port keeps it off the default 10000.
        BlobPort = LocalPorts.Free();
        var blobPort = BlobPort;
        process = await ChildProcess.StartNodeAsync("Azurite", ["azurite", "dist", "src", "azurite.js"],
        [
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(CultureInfo.InvariantCulture),
        ], TablePort, QueuePort);
    }

    /// <summary>Kills Azurite; safe to call twice (xunit may dispose a fixture through both of its interfaces).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref process, null) is { } running)
        {
            await running.DisposeAsync();
        }
    }
}
