using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SendWorkflows.Contract;

namespace SendWorkflows.Functions.Imports;

/// <summary>
/// The two blob containers of the import: <c>imports</c>, where a council drops its caseload CSV and contacts JSON,
/// and <c>import-results</c>, where each file's result is written under the file's own name.
/// </summary>
public sealed class ImportBlobs(BlobServiceClient service)
{
    public const string ImportsContainer = "imports";
    public const string ResultsContainer = "import-results";

    BlobContainerClient Imports => service.GetBlobContainerClient(ImportsContainer);

    BlobContainerClient Results => service.GetBlobContainerClient(ResultsContainer);

    public static string ResultName(string file) => file + ".result.json";

    public async Task<ImportResult?> ReadResultAsync(string file, CancellationToken cancellation)
    {
        try
        {
            var content = await Results.GetBlobClient(ResultName(file)).DownloadContentAsync(cancellation);
            return OrchestrationJson.Deserialize<ImportResult>(content.Value.Content.ToString());
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public async Task WriteResultAsync(ImportResult result, CancellationToken cancellation)
    {
        await Results.CreateIfNotExistsAsync(cancellationToken: cancellation);
        await Results.GetBlobClient(ResultName(result.File)).UploadAsync(
            BinaryData.FromString(OrchestrationJson.Serialize(result)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
            cancellation);
    }

    /// <summary>Stores an uploaded file in the imports container, as if dropped there (the HTTP channel).</summary>
    public async Task SaveUploadAsync(string file, byte[] content, CancellationToken cancellation)
    {
        await Imports.CreateIfNotExistsAsync(cancellationToken: cancellation);
        await Imports.GetBlobClient(file).UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellation);
    }

    public async Task<byte[]?> ReadImportAsync(string file, CancellationToken cancellation)
    {
        try
        {
            return (await Imports.GetBlobClient(file).DownloadContentAsync(cancellation)).Value.Content.ToArray();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The newest file in the imports container whose name ends so, or null.</summary>
    public async Task<string?> NewestImportAsync(string extension, CancellationToken cancellation)
    {
        if (!await Imports.ExistsAsync(cancellation))
        {
            return null;
        }

        BlobItem? newest = null;
        await foreach (var blob in Imports.GetBlobsAsync(cancellationToken: cancellation))
        {
            if (blob.Name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && (newest is null || blob.Properties.LastModified > newest.Properties.LastModified))
            {
                newest = blob;
            }
        }

        return newest?.Name;
    }

    /// <summary>Every result that is still waiting for a contacts directory.</summary>
    public async Task<IReadOnlyList<string>> WaitingFilesAsync(CancellationToken cancellation)
    {
        var waiting = new List<string>();
        if (!await Results.ExistsAsync(cancellation))
        {
            return waiting;
        }

        await foreach (var blob in Results.GetBlobsAsync(cancellationToken: cancellation))
        {
            var file = blob.Name[..^".result.json".Length];
            if (await ReadResultAsync(file, cancellation) is { Status: ImportStatus.WaitingForContacts })
            {
                waiting.Add(file);
            }
        }

        return waiting;
    }
}
