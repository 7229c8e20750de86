using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SendWorkflows.Contract;

/// <summary>
/// What a rejected-items store may keep of an item's text: enough to find and fix it, never the personal values.
/// Only the contract's fields that are not personal keep their values (ids, type, dates of events, decisions,
/// contact keys, setting name and type, plan dates); initials, dates of birth, every e-mail address and any field
/// we do not know become "(removed)". Text that is not a JSON object cannot be taken apart safely, so none of it
/// is kept. Applying it twice gives the same text.
/// </summary>
public static class RejectedItemText
{
    public const string Removed = "(removed)";
    public const string NotKept = "(not kept: the item could not be read, so its personal values could not be separated)";

    static readonly HashSet<string> Kept = new(StringComparer.Ordinal)
    {
        // case events (contract section 2)
        "id", "type", "caseId", "on", "yearGroup", "settingName", "settingType", "decision", "contact", "reason", "from",
        "to", "meetingOn", "involved", "communicationGood",

        // caseload columns (contract section 1)
        "plan_id", "year_group", "setting_name", "setting_type", "plan_issued_on", "last_review_on", "transfer",
        "contributors", "last_monitoring_visit_on", "awaiting_provision",
    };

    static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The item's text without personal values (see the type's summary); null stays null.</summary>
    public static string? Redact(string? raw)
    {
        if (raw is null || raw == NotKept)
            return raw;

        try
        {
            using var document = JsonDocument.Parse(raw);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Write(document.RootElement) : NotKept;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return NotKept;
        }
    }

    /// <summary>A caseload row as a JSON object of its columns, personal ones removed.</summary>
    public static string Row(IReadOnlyList<string> columns, IReadOnlyList<string> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            for (var i = 0; i < columns.Count && i < values.Count; i++)
                json.WriteString(columns[i], Kept.Contains(columns[i]) ? values[i] : Removed);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Best effort on text that may be broken JSON: the top-level <c>id</c>, <c>caseId</c> and <c>type</c> read before
    /// the first error, so a rejection can still name the event and its case.
    /// </summary>
    public static (string? Id, string? CaseId, string? Type) Identify(string raw)
    {
        string? id = null, caseId = null, type = null;
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(raw), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            string? property = null;
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1)
                    continue;

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                    continue;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    switch (property)
                    {
                        case "id": id = reader.GetString(); break;
                        case "caseId": caseId = reader.GetString(); break;
                        case "type": type = reader.GetString(); break;
                    }
                }

                property = null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Broken where it stops: what was read before is still right.
        }

        return (id, caseId, type);
    }

    static string Write(JsonElement item)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            foreach (var property in item.EnumerateObject())
            {
                json.WritePropertyName(property.Name);
                var value = property.Value;
                if (!Kept.Contains(property.Name) || value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    || (value.ValueKind == JsonValueKind.String && value.GetString()!.Contains('@')))
                    json.WriteStringValue(Removed);
                else
                    value.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
