using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SendWorkflows.Functions.Dispatch;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Loading;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Functions.Imports;

/// <summary>
/// Imports one caseload CSV (<c>*.csv</c>) or contacts JSON (<c>*.json</c>) file, dropped in the imports container or
/// posted, through the same <see cref="CaseloadImport"/> as <c>serve</c> and <c>import</c>, and writes its result
/// blob. Triggers fire at least once: a file whose result already records the same bytes as imported is not loaded
/// again (and loading it again would change nothing: plans start once, change events have deterministic ids).
/// A caseload that arrives before any contacts directory first imports the newest contacts file in the container;
/// if there is none it waits, and loads when a contacts file is imported (ADR 0085).
/// </summary>
public sealed partial class FileImport(
    IServiceProvider services, IContactsDirectoryStore contacts, IRejectedEventStore rejected, ImportBlobs blobs, TimeProvider clock, ILogger<FileImport> logger)
{
    public const string CaseloadExtension = ".csv";
    public const string ContactsExtension = ".json";

    public async Task<ImportResult> ImportAsync(string file, byte[] content, string channel, DurableTaskClient client, CancellationToken cancellation)
    {
        var sha256 = ImportRecord.HashOf(content);
        if (await blobs.ReadResultAsync(file, cancellation) is { Status: ImportStatus.Imported } done && done.Sha256 == sha256)
        {
            LogRepeat(file);
            return done with { Repeat = true };
        }

        var result = await LoadAsync(file, content, sha256, channel, client, cancellation);
        await blobs.WriteResultAsync(result, cancellation);
        LogResult(file, result.Status);
        if (result is { Status: ImportStatus.Imported, Report: { What: "contacts", Imported: > 0 } })
        {
            await LoadWaitingCaseloadsAsync(client, cancellation);
        }

        return result;
    }

    async Task<ImportResult> LoadAsync(string file, byte[] content, string sha256, string channel, DurableTaskClient client, CancellationToken cancellation)
    {
        var source = new ImportSource(file, channel);
        var import = ImportFor(client);
        if (file.EndsWith(ContactsExtension, StringComparison.OrdinalIgnoreCase))
        {
            return Imported(await import.ImportContactsAsync(content, source, cancellation));
        }

        if (!file.EndsWith(CaseloadExtension, StringComparison.OrdinalIgnoreCase))
        {
            var reason = $"'{file}' is neither a caseload ({CaseloadExtension}, contract section 1) nor a contacts directory ({ContactsExtension}, contract section 3); rename it and drop it again";
            await rejected.RecordAsync(new RejectedEvent(ImportBlobs.ImportsContainer, reason), cancellation);
            return new ImportResult(file, sha256, channel, clock.GetUtcNow(), ImportStatus.Refused, Reason: reason);
        }

        if (!await contacts.ExistsAsync(cancellation) && !await ImportNewestContactsAsync(client, cancellation))
        {
            return new ImportResult(file, sha256, channel, clock.GetUtcNow(), ImportStatus.WaitingForContacts,
                Reason: "no contacts directory has been imported yet: the caseload loads as soon as a contacts file (.json) is dropped");
        }

        return Imported(await import.ImportCaseloadAsync(content, source, cancellation));

        ImportResult Imported(ImportReport report) => new(file, sha256, channel, clock.GetUtcNow(), ImportStatus.Imported, report);
    }

    /// <summary>Both files dropped at once may fire in either order: the caseload takes the contacts file with it.</summary>
    async Task<bool> ImportNewestContactsAsync(DurableTaskClient client, CancellationToken cancellation)
    {
        if (await blobs.NewestImportAsync(ContactsExtension, cancellation) is not { } file || await blobs.ReadImportAsync(file, cancellation) is not { } content)
        {
            return false;
        }

        var result = await LoadAsync(file, content, ImportRecord.HashOf(content), "blob", client, cancellation);
        await blobs.WriteResultAsync(result, cancellation);
        return await contacts.ExistsAsync(cancellation);
    }

    /// <summary>Loads each caseload in the container whose result says it waits for a contacts directory.</summary>
    public async Task LoadWaitingCaseloadsAsync(DurableTaskClient client, CancellationToken cancellation)
    {
        foreach (var file in await blobs.WaitingFilesAsync(cancellation))
        {
            if (await blobs.ReadImportAsync(file, cancellation) is { } content)
            {
                await ImportAsync(file, content, "blob", client, cancellation);
            }
        }
    }

    /// <summary>
    /// The shared import, over the workflows' own dispatcher and loader built around this invocation's Durable client
    /// (Functions hands the client to invocations only).
    /// </summary>
    CaseloadImport ImportFor(DurableTaskClient client)
    {
        var withClient = new DurableClientServices(services, client);
        var workflows = new WorkflowsDispatcher(
            ActivatorUtilities.CreateInstance<CaseEventDispatcher>(withClient), ActivatorUtilities.CreateInstance<CaseloadLoader>(withClient), contacts, clock);
        // The files this class imports release the waiting caseloads themselves, with this invocation's client.
        return ActivatorUtilities.CreateInstance<CaseloadImport>(withClient, workflows, ReleasedHere);
    }

    static readonly IContactsSaved ReleasedHere = new ReleasedByFileImport();

    sealed class ReleasedByFileImport : IContactsSaved
    {
        public Task ContactsSavedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import of {File}: the same file was already imported; nothing changed")]
    partial void LogRepeat(string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import of {File}: {Status}")]
    partial void LogResult(string file, ImportStatus status);
}
