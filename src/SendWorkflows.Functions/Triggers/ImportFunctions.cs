using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using SendWorkflows.Functions.Imports;

namespace SendWorkflows.Functions.Triggers;

/// <summary>
/// The caseload and contacts import: a file dropped in the <c>imports</c> container (Event Grid blob trigger, the
/// only blob trigger Flex Consumption runs), or posted over HTTP by an administrator. Both go through
/// <see cref="FileImport"/> and leave the same result blob and import-log record.
/// </summary>
public sealed class ImportFunctions(FileImport import, ImportBlobs blobs)
{
    public const string BlobChannel = "blob";
    public const string HttpChannel = "http";

    /// <summary>Largest file taken over HTTP: a county's caseload is a few MB.</summary>
    public const int MaxUploadBytes = 50 * 1024 * 1024;

    [Function("ImportFromBlob")]
    public Task<ImportResult> FromBlobAsync(
        [BlobTrigger(ImportBlobs.ImportsContainer + "/{name}", Connection = "AzureWebJobsStorage", Source = BlobTriggerSource.EventGrid)] byte[] content,
        string name,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken) =>
        import.ImportAsync(name, content, BlobChannel, durableClient, cancellationToken);

    /// <summary>
    /// <c>POST /api/imports/{file}</c> with the file as the body: stored in the imports container under that name and
    /// imported at once; answers the result. Admin level (the host's master key) until staff roles guard it.
    /// </summary>
    [Function("ImportFromHttp")]
    public async Task<HttpResponseData> FromHttpAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "api/imports/{file}")] HttpRequestData request,
        string file,
        [DurableClient] DurableTaskClient durableClient,
        CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0 || body.Length > MaxUploadBytes)
        {
            return await HttpJson.RespondAsync(request, HttpStatusCode.BadRequest, new HttpReply("InvalidFile",
                body.Length == 0 ? "The body is empty: send the caseload CSV or the contacts JSON as the body." : "The file is larger than 50 MB."));
        }

        // Imported first, then kept in the container: the blob trigger that storing it fires finds it already done.
        var content = body.ToArray();
        var result = await import.ImportAsync(file, content, HttpChannel, durableClient, cancellationToken);
        await blobs.SaveUploadAsync(file, content, cancellationToken);
        return await HttpJson.RespondAsync(request, result.Status == ImportStatus.Refused ? HttpStatusCode.BadRequest : HttpStatusCode.OK, result);
    }
}
