using System.Text.Json;
using System.Text.Json.Serialization;
using SendWorkflows.Domain;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>The JSON shape of documents kept in tables: web casing, enums by name, year groups as the contract spells them.</summary>
public static class TableJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new YearGroupJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    sealed class YearGroupJsonConverter : JsonConverter<YearGroup>
    {
        public override YearGroup Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            YearGroup.TryParse(reader.GetString(), out var yearGroup)
                ? yearGroup
                : throw new JsonException($"'{reader.GetString()}' is not a year group.");

        public override void Write(Utf8JsonWriter writer, YearGroup value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
