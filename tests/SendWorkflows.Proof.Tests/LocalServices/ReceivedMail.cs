using System.Text.Json;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Proof.Tests.LocalServices;

/// <summary>One e-mail as MailDev received it: the headers the proof needs and the text a reader would see.</summary>
public sealed record ReceivedMail(string MessageId, string? OutboxKey, string Subject, string Text, string Html, IReadOnlyList<string> To)
{
    public static ReceivedMail From(JsonElement message)
    {
        var headers = message.GetProperty("headers");
        return new ReceivedMail(
            StringOf(message, "messageId") ?? StringOf(headers, "message-id") ?? "",
            // A long header is folded over lines when sent; the key itself holds no whitespace.
            StringOf(headers, "x-sendworkflows-outbox-key") is { } key ? string.Concat(key.Where(c => !char.IsWhiteSpace(c))) : null,
            StringOf(message, "subject") ?? "",
            StringOf(message, "text") ?? "",
            StringOf(message, "html") ?? "",
            message.TryGetProperty("to", out var to) ? to.EnumerateArray().Select(t => t.GetProperty("address").GetString() ?? "").ToList() : []);
    }

    static string? StringOf(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public static class ReceivedMailReading
{
    /// <summary>Every message MailDev received, oldest first, read as <see cref="ReceivedMail"/>.</summary>
    public static async Task<IReadOnlyList<ReceivedMail>> ReceivedMailAsync(this MailDev maildev) =>
        (await maildev.MessagesAsync()).Select(ReceivedMail.From).ToList();
}
