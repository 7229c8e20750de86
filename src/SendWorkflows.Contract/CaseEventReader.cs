using System.Text;
using System.Text.Json;

namespace SendWorkflows.Contract;

/// <summary>
/// Reads case events (contract section 2) from JSON Lines, or from an HTTP or message body holding one event
/// object or an array of them. Every event comes back accepted or rejected with its line, the field at fault and a
/// reason that never repeats a child's initials or date of birth. Unknown extra properties are ignored, so senders
/// may add fields before we read them.
/// </summary>
public static class CaseEventReader
{
    static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>JSON Lines: one event per line; blank lines are skipped.</summary>
    public static IntakeResult<CaseEvent> ReadLines(string text)
    {
        using var reader = new StringReader(text);
        return ReadLines(reader);
    }

    /// <summary>
    /// JSON Lines as bytes, which must be UTF-8: a line that is not is rejected with the byte at fault (never
    /// altered), and the other lines still read. Each line is parsed from its own bytes, never decoded to a string
    /// unless it is rejected; the lines are parsed on several cores (<see cref="Utf8Lines"/>).
    /// </summary>
    public static IntakeResult<CaseEvent> ReadLines(byte[] utf8)
    {
        if (Utf8Input.Utf16(utf8) is { } utf16)
            return ReadLines(utf16);

        var faults = Utf8Input.Faults(utf8).ToDictionary(f => f.Line);
        var read = Utf8Lines.Read(utf8, (number, line) => ReadLine(number, line, faults.GetValueOrDefault(number)));
        return new([.. read.Select(r => r.Accepted).OfType<CaseEvent>()], [.. read.Select(r => r.Rejected).OfType<IntakeRejection>()]);
    }

    /// <summary>One line of a JSON Lines file as bytes: the event it holds, a rejection, or neither when it is blank.</summary>
    static (CaseEvent? Accepted, IntakeRejection? Rejected) ReadLine(int lineNumber, ReadOnlyMemory<byte> line, Utf8Fault? fault)
    {
        if (fault is not null)
            return (null, NotUtf8(lineNumber, $"the line was not read: {fault.Reason(namesLine: false)}", Lossy(line.Span)));

        var json = lineNumber == 1 ? Utf8Lines.WithoutByteOrderMarks(line) : line;
        return Utf8Lines.IsWhiteSpace(json.Span)
            ? (null, null)
            : ReadJsonLine(lineNumber, line, json, static j => JsonDocument.Parse(j, Strict), static l => Lossy(l.Span));
    }

    /// <summary>
    /// A line that is not blank, as bytes or text: the event its JSON (<paramref name="json"/>, the line without a byte
    /// order mark) holds, or a rejection carrying the line's text.
    /// </summary>
    static (CaseEvent? Accepted, IntakeRejection? Rejected) ReadJsonLine<TLine>(
        int lineNumber, TLine line, TLine json, Func<TLine, JsonDocument> parse, Func<TLine, string> text)
    {
        JsonDocument document;
        try
        {
            document = parse(json);
        }
        catch (JsonException)
        {
            return (null, new(lineNumber, null, "the line is not valid JSON", text(line)));
        }

        using (document)
        {
            var (accepted, problems) = Parse(document.RootElement);
            return (accepted, problems?.ToRejection(lineNumber, text(line)));
        }
    }

    /// <summary>A line's text as the whole file decoded with replacement characters would hold it (only a rejected line's is kept).</summary>
    static string Lossy(ReadOnlySpan<byte> line) => new UTF8Encoding(false).GetString(line);

    /// <inheritdoc cref="ReadLines(byte[])"/>
    public static IntakeResult<CaseEvent> ReadLines(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return ReadLines(buffer.ToArray());
    }

    /// <inheritdoc cref="ReadLines(string)"/>
    public static IntakeResult<CaseEvent> ReadLines(TextReader reader)
    {
        var accepted = new List<CaseEvent>();
        var rejected = new List<IntakeRejection>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            var json = ++lineNumber == 1 ? line.TrimStart('\uFEFF') : line;
            if (string.IsNullOrWhiteSpace(json))
                continue;

            var (caseEvent, rejection) = ReadJsonLine(lineNumber, line, json, static j => JsonDocument.Parse(j, Strict), static l => l);
            if (caseEvent is not null)
                accepted.Add(caseEvent);
            else
                rejected.Add(rejection!);
        }

        return new(accepted, rejected);
    }

    /// <summary>An HTTP POST or message body: one event object, or an array of event objects.</summary>
    public static IntakeResult<CaseEvent> ReadBody(string json) => ReadBody(Encoding.UTF8.GetBytes(json));

    /// <inheritdoc cref="ReadBody(string)"/>
    public static IntakeResult<CaseEvent> ReadBody(TextReader reader) => ReadBody(reader.ReadToEnd());

    /// <inheritdoc cref="ReadBody(string)"/>
    public static IntakeResult<CaseEvent> ReadBody(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return ReadBody(buffer.ToArray());
    }

    /// <inheritdoc cref="ReadBody(string)"/>
    public static IntakeResult<CaseEvent> ReadBody(byte[] utf8)
    {
        var accepted = new List<CaseEvent>();
        var rejected = new List<IntakeRejection>();
        if (Utf8Input.Utf16(utf8) is { } utf16)
            utf8 = Encoding.UTF8.GetBytes(utf16);
        else if (Utf8Input.FirstFault(utf8) is { } fault)
        {
            rejected.Add(NotUtf8(fault.Line, $"the body was not read: {fault.Reason()}", Encoding.UTF8.GetString(utf8)));
            return new(accepted, rejected);
        }

        var text = Encoding.UTF8.GetString(utf8);
        var body = utf8.AsSpan();
        while (body.StartsWith(Encoding.UTF8.Preamble))
            body = body[Encoding.UTF8.Preamble.Length..];

        List<(int Line, JsonDocument Document)> items;
        try
        {
            items = SplitBody(body);
        }
        catch (JsonException error)
        {
            var line = error.LineNumber is { } zeroBased ? (int)zeroBased + 1 : (int?)null;
            rejected.Add(new(line, null, $"the body is not valid JSON{(line is null ? "" : $" (line {line})")}: expected an event object or an array of them", text));
            return new(accepted, rejected);
        }

        foreach (var (line, document) in items)
        {
            using (document)
                Accept(document.RootElement, line, document.RootElement.GetRawText(), accepted, rejected);
        }

        return new(accepted, rejected);
    }

    /// <summary>The top-level value, or each element of a top-level array, with the line it starts on.</summary>
    static List<(int Line, JsonDocument Document)> SplitBody(ReadOnlySpan<byte> body)
    {
        var items = new List<(int, JsonDocument)>();
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
                throw new JsonException("empty body", null, 0, 0);

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                items.Add((LineAt(body, reader.TokenStartIndex), JsonDocument.ParseValue(ref reader)));
            }
            else
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add((LineAt(body, reader.TokenStartIndex), JsonDocument.ParseValue(ref reader)));
            }

            if (reader.Read())
                throw new JsonException("text after the JSON value", null, LineAt(body, reader.TokenStartIndex) - 1, 0);
            return items;
        }
        catch
        {
            foreach (var (_, document) in items)
                document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Input that is not UTF-8 keeps nothing of its text (it was not read), only the event's id, case and type when
    /// they can be made out around the bad bytes.
    /// </summary>
    static IntakeRejection NotUtf8(int line, string reason, string lossy)
    {
        var (id, caseId, type) = RejectedItemText.Identify(lossy);
        return new(line, null, reason, "") { EventId = id, CaseId = caseId, Type = type };
    }

    static int LineAt(ReadOnlySpan<byte> utf8, long offset) => 1 + utf8[..(int)offset].Count((byte)'\n');

    static void Accept(JsonElement element, int? line, string raw, List<CaseEvent> accepted, List<IntakeRejection> rejected)
    {
        var (caseEvent, problems) = Parse(element);
        if (caseEvent is not null)
            accepted.Add(caseEvent);
        else
            rejected.Add(problems!.ToRejection(line, raw));
    }

    /// <summary>The event an element holds, or null and what is wrong with it.</summary>
    static (CaseEvent? Event, Problems? Problems) Parse(JsonElement element)
    {
        var problems = new Problems();
        try
        {
            return CaseEventParser.Parse(element, problems) is { } caseEvent ? (caseEvent, null) : (null, problems);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json parses "\ud800" but cannot turn it into a .NET string, as a property name say.
            problems.Add(null, "the event holds text that is not valid (an unpaired UTF-16 surrogate escape)");
            return (null, problems);
        }
    }
}
