using System.Text.Json;
using System.Text.Json.Serialization;

namespace SendWorkflows.Contract;

/// <summary>The one JSON shape for inputs, outputs, event payloads and custom status, in every host.</summary>
public static class OrchestrationJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);

    public static object? Deserialize(string? json, Type type) => json is null ? null : JsonSerializer.Deserialize(json, type, Options);
}
