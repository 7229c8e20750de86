using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SendWorkflows.Contract;

namespace SendWorkflows.Proof.Tests.LocalServices;

/// <summary>What the host answered for one event: its status and, when rejected, the reason.</summary>
public sealed record EventAnswer(string? EventId, string Status, string? Reason);

/// <summary>POST /api/events as a case-management system would: JSON bodies, the API key, the host's answers read back.</summary>
public static class EventPoster
{
    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static string Body(IEnumerable<CaseEvent> events) => "[" + string.Join(',', events.Select(CaseEventWriter.ToJson)) + "]";

    /// <summary>The per-event answers of a 202, or null when the host answered something else (or nothing).</summary>
    public static async Task<IReadOnlyList<EventAnswer>?> PostAsync(HttpClient client, string body, CancellationToken cancellationToken = default)
    {
        using var response = await client.PostAsync("api/events", Json(body), cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            return null;
        }

        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return answer.GetProperty("results").EnumerateArray()
            .Select(r => new EventAnswer(
                r.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                r.GetProperty("status").GetString() ?? "",
                r.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null))
            .ToList();
    }
}
