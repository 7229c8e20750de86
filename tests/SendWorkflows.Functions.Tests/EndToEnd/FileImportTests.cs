using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Functions.Imports;
using SendWorkflows.Functions.Triggers;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Functions.Tests.EndToEnd;

/// <summary>The import's order and naming rules, on the app in-process against Azurite and the real engine.</summary>
public sealed class FileImportTests : IAsyncLifetime
{
    Azurite azurite = null!;
    FunctionsOnTestHost app = null!;
    BlobContainerClient imports = null!;

    public async Task InitializeAsync()
    {
        azurite = await Azurite.StartAsync();
        app = await FunctionsOnTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.ConnectionString,
            ["Email:Provider"] = "None",
        });
        imports = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(ImportBlobs.ImportsContainer);
        await imports.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await azurite.DisposeAsync();
    }

    [Fact]
    public async Task A_caseload_dropped_before_any_contacts_waits_and_loads_when_the_contacts_file_arrives()
    {
        var caseload = Encoding.UTF8.GetBytes(ImportScenario.Caseload(ImportScenario.Today()));
        var contacts = Encoding.UTF8.GetBytes(ImportScenario.Contacts);
        var functions = app.Function<ImportFunctions>();
        await imports.UploadBlobAsync(ImportScenario.CaseloadFile, BinaryData.FromBytes(caseload));

        var waiting = await functions.FromBlobAsync(caseload, ImportScenario.CaseloadFile, app.Client, CancellationToken.None);

        Assert.Equal(ImportStatus.WaitingForContacts, waiting.Status);
        Assert.Null(waiting.Report);
        Assert.Null(await app.Client.GetInstanceAsync("review:" + ImportScenario.OverduePlan));

        await imports.UploadBlobAsync(ImportScenario.ContactsFile, BinaryData.FromBytes(contacts));
        var contactsResult = await functions.FromBlobAsync(contacts, ImportScenario.ContactsFile, app.Client, CancellationToken.None);
        var loaded = await app.Services.GetRequiredService<ImportBlobs>().ReadResultAsync(ImportScenario.CaseloadFile, CancellationToken.None);

        Assert.Equal(ImportStatus.Imported, contactsResult.Status);
        Assert.Equal(ImportStatus.Imported, loaded!.Status);
        Assert.Equal(2, loaded.Report!.Plans!.Started);
        Assert.NotNull(await app.Client.GetInstanceAsync("review:" + ImportScenario.OverduePlan));
    }

    [Fact]
    public async Task A_waiting_caseload_also_loads_when_the_contacts_come_by_the_dashboard_or_the_api()
    {
        var caseload = Encoding.UTF8.GetBytes(ImportScenario.Caseload(ImportScenario.Today()));
        await imports.UploadBlobAsync(ImportScenario.CaseloadFile, BinaryData.FromBytes(caseload));
        var waiting = await app.Function<ImportFunctions>().FromBlobAsync(caseload, ImportScenario.CaseloadFile, app.Client, CancellationToken.None);
        Assert.Equal(ImportStatus.WaitingForContacts, waiting.Status);

        // The import the dashboard's upload and /api/contacts run, after their function offered its client (WebFunctions).
        app.Services.GetRequiredService<CaseEvents.DurableClientHolder>().Offer(app.Client);
        var contacts = await app.Services.GetRequiredService<Infrastructure.Intake.CaseloadImport>().ImportContactsAsync(
            Encoding.UTF8.GetBytes(ImportScenario.Contacts), new Infrastructure.Intake.ImportSource("contacts.json", "dashboard", "admin@council.example.org"), CancellationToken.None);
        var loaded = await app.Services.GetRequiredService<ImportBlobs>().ReadResultAsync(ImportScenario.CaseloadFile, CancellationToken.None);

        Assert.True(contacts.Imported > 0);
        Assert.Equal(ImportStatus.Imported, loaded!.Status);
        Assert.Equal(2, loaded.Report!.Plans!.Started);
        Assert.NotNull(await app.Client.GetInstanceAsync("review:" + ImportScenario.OverduePlan));
        Assert.Null(await app.Services.GetRequiredService<ImportBlobs>().ReadResultAsync("contacts.json", CancellationToken.None)); // answered in its response (ADR 0118)
    }

    [Fact]
    public async Task A_file_that_is_neither_a_caseload_nor_a_contacts_directory_is_refused_with_the_reason_kept()
    {
        var content = Encoding.UTF8.GetBytes("not a caseload");

        var result = await app.Function<ImportFunctions>().FromBlobAsync(content, "caseload.xlsx", app.Client, CancellationToken.None);

        Assert.Equal(ImportStatus.Refused, result.Status);
        Assert.Contains("neither a caseload (.csv", result.Reason, StringComparison.Ordinal);
        var kept = app.Services.GetRequiredService<IRejectedEventStore>().AllAsync();
        Assert.Contains(await ToListAsync(kept), r => r.Source == ImportBlobs.ImportsContainer && r.Reason == result.Reason);
        Assert.Equal(ImportStatus.Refused, (await app.Services.GetRequiredService<ImportBlobs>().ReadResultAsync("caseload.xlsx", CancellationToken.None))!.Status);
    }

    static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
