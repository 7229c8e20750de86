using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// Writes a simulation's files (contract section 5): notifications.jsonl with exactly the contract's fields,
/// outcomes.jsonl with a <c>type</c> per line, kpis.json, and rejected.jsonl. UTF-8 without BOM, LF line ends,
/// nothing time- or machine-dependent, so the same inputs give byte-identical files.
/// </summary>
public static class SimulationOutput
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    static readonly JsonSerializerOptions LineOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    static readonly JsonWriterOptions LineWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(SimulationResult result, string directory)
    {
        await WriteNotificationsAsync(result.ContractNotifications, directory);
        await WriteCaseFilesAsync(result.Outcomes, result.Rejected, result.Kpis, directory);
    }

    /// <summary>notifications.jsonl: the shards' and the council pass's notifications, merged in the contract's order.</summary>
    public static async Task WriteNotificationsAsync(SimulatedNotifications notifications, string directory)
    {
        Directory.CreateDirectory(directory);
        await WriteJsonLinesAsync(Path.Combine(directory, "notifications.jsonl"), notifications.InOrder(), WriteNotification);
    }

    /// <summary>outcomes.jsonl, rejected.jsonl and kpis.json: what the cases left, which needs nothing of the council pass.</summary>
    public static async Task WriteCaseFilesAsync(IReadOnlyList<RecordedOutcome> outcomes, IReadOnlyList<RejectedEvent> rejected, KpiReport kpis, string directory)
    {
        Directory.CreateDirectory(directory);
        await WriteJsonLinesAsync(Path.Combine(directory, "outcomes.jsonl"), outcomes, WriteOutcome);
        await WriteLinesAsync(Path.Combine(directory, "rejected.jsonl"), Ordered(rejected).Select(r => JsonSerializer.Serialize(r, LineOptions)));
        await File.WriteAllTextAsync(Path.Combine(directory, "kpis.json"), kpis.ToJson().ReplaceLineEndings("\n") + "\n", Utf8);
    }

    /// <summary>
    /// The KPIs of a reporting period within the run (<c>--kpis-for</c>), as of the run's last day like kpis.json, by
    /// the same <see cref="Kpis.For"/> the dashboard calls: written beside kpis.json as kpis-month-2025-11.json etc.
    /// </summary>
    public static KpiReport PeriodKpis(SimulationResult result, ReportingPeriod period) => Kpis.For(
        period,
        result.Outcomes.Select(o => o.Assessment).OfType<AssessmentOutcome>(),
        result.Outcomes.Select(o => o.Review).OfType<ReviewOutcome>(),
        result.Register ?? [],
        result.Kpis.AsOf,
        result.Outcomes.Select(o => o.Survey).OfType<FamilySurveyOutcome>(),
        result.MonitoringVisits);

    public static async Task WritePeriodKpisAsync(SimulationResult result, IEnumerable<ReportingPeriod> periods, string directory)
    {
        foreach (var period in periods)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, period.FileName), PeriodKpis(result, period).ToJson().ReplaceLineEndings("\n") + "\n", Utf8);
        }
    }

    /// <summary>One contract line: on, kind, caseId, to, cc, dueOn; nothing else (the facts stay in the log).</summary>
    public static string NotificationLine(Notification n) => NotificationLine(ContractNotification.Of(n));

    /// <inheritdoc cref="NotificationLine(Notification)"/>
    public static string NotificationLine(ContractNotification n) => Line(n, WriteNotification);

    static void WriteNotification(Utf8JsonWriter json, ContractNotification n)
    {
        json.WriteStartObject();
        json.WriteString("on", n.On.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("kind", n.Kind.ToString());
        json.WriteString("caseId", n.CaseId);
        WriteArray(json, "to", n.To);
        WriteArray(json, "cc", n.Cc);
        if (n.DueOn is { } due)
        {
            json.WriteString("dueOn", due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull("dueOn");
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// One outcome with its <c>type</c> (AssessmentOutcome, ReviewOutcome or FamilySurveyOutcome), key and <c>open</c> first: open is true
    /// for a review cycle whose target passed without a meeting and that has not finished by the end of the run.
    /// </summary>
    public static string OutcomeLine(RecordedOutcome outcome) => Line(outcome, WriteOutcome);

    /// <summary>
    /// The three leading fields, then the outcome's own properties as the serializer writes them (none of them is named
    /// type, key or open). Written straight to the line: a JSON object tree of every outcome cost a tenth of the
    /// simulation's output time.
    /// </summary>
    static void WriteOutcome(Utf8JsonWriter json, RecordedOutcome outcome)
    {
        var (type, body) = outcome switch
        {
            { Assessment: { } assessment } => ("AssessmentOutcome", JsonSerializer.SerializeToElement(assessment, LineOptions)),
            { Survey: { } survey } => ("FamilySurveyOutcome", JsonSerializer.SerializeToElement(survey, LineOptions)),
            _ => ("ReviewOutcome", JsonSerializer.SerializeToElement(outcome.Review, LineOptions)),
        };
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("key", outcome.Key);
        json.WriteBoolean("open", outcome.Open);
        foreach (var property in body.EnumerateObject())
        {
            property.WriteTo(json);
        }

        json.WriteEndObject();
    }

    /// <summary>One line as a string, by the same code that writes the files.</summary>
    static string Line<T>(T item, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, LineWriterOptions))
        {
            write(json, item);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static async Task SummariseRejectionsAsync(IReadOnlyList<RejectedEvent> rejected, TextWriter errors)
    {
        if (rejected.Count == 0)
        {
            return;
        }

        await errors.WriteLineAsync($"{rejected.Count} input(s) rejected and kept in rejected.jsonl:");
        foreach (var group in rejected.GroupBy(r => r.Source.StartsWith("assessment:", StringComparison.Ordinal) || r.Source.StartsWith("review:", StringComparison.Ordinal) ? "workflows" : r.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            await errors.WriteLineAsync($"  {group.Key}: {group.Count()}");
            const int Shown = 5;
            foreach (var r in Ordered(group).Take(Shown))
            {
                var where = r.Line is { } line ? $"line {line}" : "";
                var what = r.EventId is not null || r.CaseId is not null ? $"event {r.EventId ?? "-"} ({r.Type ?? "?"}, case {r.CaseId ?? "-"})" : "";
                await errors.WriteLineAsync($"    {string.Join(", ", new[] { where, what }.Where(s => s.Length > 0))}: {r.Reason}");
            }

            if (group.Count() > Shown)
            {
                await errors.WriteLineAsync($"    and {group.Count() - Shown} more");
            }
        }
    }

    /// <summary>Rejections in a stable order: by source, line, date, then event id (workflows may reject concurrently).</summary>
    static IEnumerable<RejectedEvent> Ordered(IEnumerable<RejectedEvent> rejected) => rejected
        .OrderBy(r => r.Source, StringComparer.Ordinal)
        .ThenBy(r => r.Line ?? int.MaxValue)
        .ThenBy(r => r.On ?? DateOnly.MaxValue)
        .ThenBy(r => r.EventId, StringComparer.Ordinal)
        .ThenBy(r => r.Reason, StringComparer.Ordinal);

    static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// JSON lines written by one reused writer into the file's bytes (UTF-8, LF), the same bytes as
    /// <see cref="WriteLinesAsync"/> would write for each line's string, without a string and a writer per line.
    /// </summary>
    static async Task WriteJsonLinesAsync<T>(string path, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        const int FlushAt = 1 << 16;
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: false);
        var buffer = new ArrayBufferWriter<byte>(FlushAt * 2);
        await using var json = new Utf8JsonWriter(buffer, LineWriterOptions);
        foreach (var item in items)
        {
            write(json, item);
            json.Flush();
            buffer.Write("\n"u8);
            json.Reset();
            if (buffer.WrittenCount >= FlushAt)
            {
                await file.WriteAsync(buffer.WrittenMemory);
                buffer.ResetWrittenCount();
            }
        }

        await file.WriteAsync(buffer.WrittenMemory);
    }

    static async Task WriteLinesAsync(string path, IEnumerable<string> lines)
    {
        await using var writer = new StreamWriter(path, append: false, Utf8) { NewLine = "\n" };
        foreach (var line in lines)
        {
            await writer.WriteLineAsync(line);
        }
    }
}
