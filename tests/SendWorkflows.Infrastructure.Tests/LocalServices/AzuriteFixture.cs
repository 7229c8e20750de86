using Azure.Data.Tables;
using SendWorkflows.Infrastructure.Tables;

namespace SendWorkflows.Infrastructure.Tests.LocalServices;

/// <summary>Azurite's Table service in memory on a free port (until the shared TestSupport fixture lands).</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's published development account key, not a secret.
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private NodeService? azurite;

    public string ConnectionString { get; private set; } = "";

    public TableServiceClient Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = NodeService.FreePort();
        azurite = await NodeService.StartAsync(
            "azurite/dist/src/table/main.js",
            $"--inMemoryPersistence --tableHost 127.0.0.1 --tablePort {port} --skipApiVersionCheck --loose --disableTelemetry",
            "successfully started");
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        Service = new TableServiceClient(ConnectionString);
    }

    /// <summary>A fresh, empty table for one test.</summary>
    public NotificationTable NewTable() => new(Service.GetTableClient("t" + Guid.NewGuid().ToString("N")));

    public async Task DisposeAsync()
    {
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }
    }
}
