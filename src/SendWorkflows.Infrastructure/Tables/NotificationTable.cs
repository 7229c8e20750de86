using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// The one table that holds recorded notifications and their outbox rows. A case is a partition: a notification's
/// record row and its outbox rows (one per recipient) share it, so they are written in one transaction.
/// <code>
/// PartitionKey = case id
/// RowKey       = "n:" + notification key                       the recorded notification
///                "o:" + notification key + ":" + recipient     one outbox row per recipient
///
/// PartitionKey = "week:" + Monday of the notification's date   the by-week index (ADR 0115): a case id's ':' is
/// RowKey       = "w:" + notification key                       escaped, so no case partition starts "week:"
/// </code>
/// </summary>
public sealed class NotificationTable(TableClient client)
{
    internal const string RecordPrefix = "n:";
    internal const string OutboxPrefix = "o:";
    internal const string WeekIndexPrefix = "w:";

    /// <summary>A string property holds at most 64 KiB (32K UTF-16 characters); longer JSON is split.</summary>
    private const int ChunkLength = 30_000;

    private const string IsoDate = "yyyy-MM-dd";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Lazy<Task> created = new(() => client.CreateIfNotExistsAsync());

    internal TableClient Client => client;

    public Task EnsureCreatedAsync() => created.Value;

    internal static string PartitionKeyFor(string caseId) => TableKeys.Escape(caseId);

    internal static string RecordRowKey(string notificationKey) => RecordPrefix + TableKeys.Escape(notificationKey);

    internal static string OutboxRowKey(string notificationKey, string recipient) =>
        OutboxPrefix + TableKeys.Escape(notificationKey) + TableKeys.Separator + TableKeys.Escape(recipient);

    /// <summary>The by-week index's partition for notifications dated <paramref name="on"/>: "week:" and that week's Monday.</summary>
    internal static string WeekPartitionFor(DateOnly on) => "week:" + MondayOf(on).ToString(IsoDate, CultureInfo.InvariantCulture);

    internal static DateOnly MondayOf(DateOnly on) => on.AddDays(-(((int)on.DayOfWeek + 6) % 7));

    /// <summary>The notification's copy in the by-week index.</summary>
    internal static TableEntity ToWeekIndexRow(Notification n)
    {
        var entity = ToRecord(n);
        entity.PartitionKey = WeekPartitionFor(n.On);
        entity.RowKey = WeekIndexPrefix + TableKeys.Escape(n.Key);
        return entity;
    }

    /// <summary>A filter for the RowKeys that start with <paramref name="prefix"/> (':' + 1 is ';').</summary>
    internal static string PrefixFilter(string prefix) =>
        $"RowKey ge '{prefix}' and RowKey lt '{prefix[..^1]}{(char)(prefix[^1] + 1)}'";

    internal static TableEntity ToRecord(Notification n)
    {
        var entity = new TableEntity(PartitionKeyFor(n.CaseId), RecordRowKey(n.Key))
        {
            ["Key"] = n.Key,
            ["Kind"] = n.Kind.ToString(),
            ["CaseId"] = n.CaseId,
            ["On"] = n.On.ToString(IsoDate, CultureInfo.InvariantCulture),
            ["To"] = JsonSerializer.Serialize(n.To, Json),
            ["Cc"] = JsonSerializer.Serialize(n.Cc, Json),
            ["DueOn"] = n.DueOn?.ToString(IsoDate, CultureInfo.InvariantCulture),
        };
        var facts = JsonSerializer.Serialize(n.Facts, Json);
        var chunks = facts.Chunk(ChunkLength).Select(c => new string(c)).ToList();
        entity["FactsChunks"] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++)
        {
            entity[$"Facts{i}"] = chunks[i];
        }

        return entity;
    }

    internal static Notification FromRecord(TableEntity entity)
    {
        var facts = string.Concat(Enumerable.Range(0, entity.GetInt32("FactsChunks") ?? 0).Select(i => entity.GetString($"Facts{i}")));
        var dueOn = entity.GetString("DueOn");
        return new Notification(
            entity.GetString("Key"),
            Enum.Parse<NotificationKind>(entity.GetString("Kind")),
            entity.GetString("CaseId"),
            DateOnly.ParseExact(entity.GetString("On"), IsoDate, CultureInfo.InvariantCulture),
            JsonSerializer.Deserialize<List<string>>(entity.GetString("To"), Json) ?? [],
            JsonSerializer.Deserialize<List<string>>(entity.GetString("Cc"), Json) ?? [],
            string.IsNullOrEmpty(dueOn) ? null : DateOnly.ParseExact(dueOn, IsoDate, CultureInfo.InvariantCulture),
            facts.Length == 0 ? NotificationFacts.None : JsonSerializer.Deserialize<NotificationFacts>(facts, Json) ?? NotificationFacts.None);
    }
}
