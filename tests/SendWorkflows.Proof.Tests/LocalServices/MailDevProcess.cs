using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SendWorkflows.Proof.Tests.LocalServices;

/// <summary>One e-mail as MailDev received it: the headers the proof needs and the text a reader would see.</summary>
public sealed record ReceivedMail(string MessageId, string? OutboxKey, string Subject, string Text, string Html, IReadOnlyList<string> To);

/// <summary>MailDev 3.0.0 on free ports: SMTP for the host, its REST API (GET /api/email) to read what arrived.</summary>
public sealed class MailDevProcess : IAsyncDisposable
{
    ChildProcess process = null!;
    DirectoryInfo directory = null!;
    Uri api = null!;

    public int SmtpPort { get; private set; }

    /// <summary>MailDev's web address, which the host asks to confirm interrupted attempts (Email:Smtp:MailDevApiUrl).</summary>
    public Uri WebUrl => new(api, "..");

    public static async Task<MailDevProcess> StartAsync()
    {
        var maildev = new MailDevProcess { SmtpPort = ChildProcess.FreePort() };
        var webPort = ChildProcess.FreePort();
        // MailDev writes each message to disk even when it keeps them in memory: a folder removed afterwards.
        maildev.directory = Directory.CreateTempSubdirectory("sendworkflows-proof-maildev-");
        maildev.api = new Uri($"http://127.0.0.1:{webPort}/api/");
        maildev.process = ChildProcess.Start("node",
        [
            Path.Combine(RepoPaths.NodeModules, "maildev", "dist", "bin", "maildev.js"),
            "--smtp", maildev.SmtpPort.ToString(CultureInfo.InvariantCulture), "--web", webPort.ToString(CultureInfo.InvariantCulture),
            "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--mail-directory", maildev.directory.FullName,
        ]);
        await ChildProcess.WaitUntilAsync(
            async () => maildev.process.HasExited
                ? throw new InvalidOperationException("MailDev exited: " + maildev.process.Tail())
                : await ChildProcess.AcceptsConnectionsAsync(maildev.SmtpPort) && await ChildProcess.AcceptsConnectionsAsync(webPort),
            TimeSpan.FromSeconds(60), "MailDev to listen");
        return maildev;
    }

    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        using var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        var messages = await client.GetFromJsonAsync<List<JsonElement>>("email") ?? [];
        return messages.Select(Read).ToList();
    }

    static ReceivedMail Read(JsonElement message)
    {
        var headers = message.GetProperty("headers");
        return new ReceivedMail(
            Text(message, "messageId") ?? Text(headers, "message-id") ?? "",
            // A long header is folded over lines when sent; the key itself holds no whitespace.
            Text(headers, "x-sendworkflows-outbox-key") is { } key ? string.Concat(key.Where(c => !char.IsWhiteSpace(c))) : null,
            Text(message, "subject") ?? "",
            Text(message, "text") ?? "",
            Text(message, "html") ?? "",
            message.TryGetProperty("to", out var to) ? to.EnumerateArray().Select(t => t.GetProperty("address").GetString() ?? "").ToList() : []);
    }

    static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        directory.Delete(recursive: true);
    }
}
