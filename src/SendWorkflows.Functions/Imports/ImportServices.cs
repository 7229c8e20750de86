using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Functions.Imports;

public static class ImportServices
{
    /// <summary>
    /// The import's services. Blobs are reached like Tables: by endpoint and the app's identity in Azure
    /// (<see cref="AppSettings.BlobServiceUri"/>), by <c>ConnectionStrings:Storage</c> locally (Azurite).
    /// </summary>
    public static IServiceCollection AddImports(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => configuration[AppSettings.BlobServiceUri] is { Length: > 0 } blobServiceUri
            ? new BlobServiceClient(new Uri(blobServiceUri), new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = configuration[AppSettings.IdentityClientId],
            }))
            : new BlobServiceClient(configuration.GetConnectionString("Storage")
                ?? throw new InvalidOperationException($"Blob storage for imports is not configured: set {AppSettings.BlobServiceUri} (Azure) or ConnectionStrings:Storage (local).")));
        services.TryAddSingleton<IImportLog, TableImportLog>();
        services.TryAddSingleton<ImportBlobs>();
        services.TryAddSingleton<FileImport>();
        services.TryAddSingleton<IContactsSaved, WaitingCaseloadsAfterContacts>();
        return services;
    }
}

/// <summary>
/// Contacts saved by <c>/api/contacts</c> or the dashboard's upload release the caseloads waiting for them in the
/// imports container, as a dropped contacts file does (docs/azure.md: "it loads by itself as soon as a contacts file is
/// imported"). The web functions offer their Durable client before the web features run.
/// </summary>
public sealed class WaitingCaseloadsAfterContacts(IServiceProvider services, CaseEvents.DurableClientHolder clients) : IContactsSaved
{
    // FileImport is read when needed: it builds CaseloadImports that take this port.
    public Task ContactsSavedAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<FileImport>().LoadWaitingCaseloadsAsync(clients.Offered, cancellationToken);
}
