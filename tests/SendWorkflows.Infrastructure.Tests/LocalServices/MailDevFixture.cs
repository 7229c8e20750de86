using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;

namespace SendWorkflows.Infrastructure.Tests.LocalServices;

/// <summary>MailDev on free ports: SMTP for the sender, its REST API (/api/email) to read what arrived.</summary>
public sealed class MailDevFixture : IAsyncLifetime
{
    private NodeService? maildev;
    private DirectoryInfo? mailDirectory;
    private Uri api = null!;

    public int SmtpPort { get; private set; }

    public async Task InitializeAsync()
    {
        SmtpPort = NodeService.FreePort();
        var webPort = NodeService.FreePort();
        // MailDev keeps each message's source on disk even in memory mode: give it a folder we remove afterwards.
        mailDirectory = Directory.CreateTempSubdirectory("sendworkflows-maildev-");
        maildev = await NodeService.StartAsync(
            "maildev/dist/bin/maildev.js",
            $"--smtp {SmtpPort} --web {webPort} --ip 127.0.0.1 --web-ip 127.0.0.1 --mail-directory \"{mailDirectory.FullName}\"",
            "Press Ctrl+C to stop");
        api = new Uri($"http://127.0.0.1:{webPort}/api/");
        await WaitUntilHealthyAsync();
    }

    public IOptions<SmtpEmailOptions> SmtpOptions => Options.Create(new SmtpEmailOptions
    {
        Host = "127.0.0.1",
        Port = SmtpPort,
        Security = "None",
        MailDevApiUrl = new Uri(api, ".."),
    });

    /// <summary>Confirms interrupted attempts against this MailDev's REST API, as local runs and the proof do.</summary>
    public MailDevDeliveryConfirmation Confirmation() => new(() => new HttpClient(), SmtpOptions);

    /// <summary>Every message MailDev received, oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync()
    {
        using var client = Client();
        var messages = await client.GetFromJsonAsync<List<JsonElement>>("email");
        return messages ?? [];
    }

    public async Task<IReadOnlyList<JsonElement>> MessagesToAsync(string address)
    {
        var all = await MessagesAsync();
        return all.Where(m => m.GetProperty("to").EnumerateArray().Any(t => string.Equals(t.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    public async Task ClearAsync()
    {
        using var client = Client();
        (await client.DeleteAsync("email/all")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (maildev is not null)
        {
            await maildev.DisposeAsync();
        }

        mailDirectory?.Delete(recursive: true);
    }

    // MailDev prints its banner once both servers listen; one check proves the API answers.
    private async Task WaitUntilHealthyAsync()
    {
        using var client = Client();
        (await client.GetAsync("healthz")).EnsureSuccessStatusCode();
    }

    private HttpClient Client() => new() { BaseAddress = api };
}

/// <summary>The shared Azurite (TestSupport) and MailDev; tests in this collection run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LocalServicesCollection : ICollectionFixture<SendWorkflows.TestSupport.AzuriteFixture>, ICollectionFixture<MailDevFixture>
{
    public const string Name = "Local services";
}
