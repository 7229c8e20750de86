using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SendWorkflows.TestSupport;

/// <summary>
/// MailDev from the repo's pinned npm package on free ports: SMTP for the sender under test, its REST API
/// (<c>GET /api/email</c>) to read what arrived. Killed, and its mail folder removed, on dispose.
/// </summary>
public class MailDev : IAsyncDisposable
{
    ChildProcess? process;
    DirectoryInfo? directory;

    protected MailDev()
    {
    }

    public int SmtpPort { get; private set; }

    public int WebPort { get; private set; }

    /// <summary>MailDev's web address, which a sender asks to confirm interrupted attempts (Email:Smtp:MailDevApiUrl).</summary>
    public Uri WebUrl => new($"http://127.0.0.1:{WebPort}/");

    /// <summary>Starts one for the caller to dispose.</summary>
    public static async Task<MailDev> StartAsync()
    {
        var maildev = new MailDev();
        await maildev.StartProcessAsync();
        return maildev;
    }

    /// <summary>Every message MailDev received, oldest first, as its API returns them.</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync()
    {
        using var client = ApiClient();
        return await client.GetFromJsonAsync<List<JsonElement>>("email") ?? [];
    }

    public async Task<IReadOnlyList<JsonElement>> MessagesToAsync(string address)
    {
        var all = await MessagesAsync();
        return all.Where(m => m.GetProperty("to").EnumerateArray()
            .Any(t => string.Equals(t.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    public async Task ClearAsync()
    {
        using var client = ApiClient();
        (await client.DeleteAsync("email/all")).EnsureSuccessStatusCode();
    }

    protected async Task StartProcessAsync()
    {
        SmtpPort = LocalPorts.Free();
        WebPort = LocalPorts.Free();
        // MailDev writes each message's source to disk even when it keeps them in memory: a folder removed afterwards.
        directory = Directory.CreateTempSubdirectory("sendworkflows-maildev-");
        process = await ChildProcess.StartNodeAsync("MailDev", ["maildev", "dist", "bin", "maildev.js"],
        [
            "--smtp", SmtpPort.ToString(CultureInfo.InvariantCulture), "--web", WebPort.ToString(CultureInfo.InvariantCulture),
            "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--mail-directory", directory.FullName,
        ], SmtpPort, WebPort);
    }

    // A long load run leaves thousands of messages to list: more than HttpClient's default 100 s may be needed.
    HttpClient ApiClient() => new() { BaseAddress = new Uri(WebUrl, "api/"), Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Kills MailDev and removes its folder; safe to call twice (xunit may dispose a fixture through both of its interfaces).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref process, null) is { } running)
        {
            await running.DisposeAsync();
        }

        Interlocked.Exchange(ref directory, null)?.Delete(recursive: true);
    }
}
