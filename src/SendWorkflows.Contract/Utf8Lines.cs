using System.Text;

namespace SendWorkflows.Contract;

/// <summary>
/// The lines of a UTF-8 file as the readers count them (CR, LF and CR LF each end one, as <see cref="StringReader"/>
/// and <see cref="Utf8Input.Faults"/> count them), read as byte slices of the file rather than decoded strings.
/// </summary>
static class Utf8Lines
{
    /// <summary>Lines read by one task at a time: enough to outweigh scheduling a part, few enough to keep both cores busy to the end.</summary>
    const int LinesPerPart = 8_192;

    /// <summary>
    /// Every line read by <paramref name="read"/> (given its number, from 1, and its bytes without the line end), in
    /// line order. Lines are read on several cores, so <paramref name="read"/> must read nothing but its line: the
    /// results are then the same as reading the lines one after another.
    /// </summary>
    public static TResult[] Read<TResult>(byte[] utf8, Func<int, ReadOnlyMemory<byte>, TResult> read)
    {
        var lines = Split(utf8);
        var results = new TResult[lines.Count];
        Parallel.For(0, (lines.Count + LinesPerPart - 1) / LinesPerPart, part =>
        {
            var end = Math.Min(lines.Count, (part + 1) * LinesPerPart);
            for (var i = part * LinesPerPart; i < end; i++)
                results[i] = read(i + 1, utf8.AsMemory(lines[i].Start, lines[i].Length));
        });
        return results;
    }

    /// <summary>Where each line starts and how long it is; text after the last line end is a line, nothing after it is not.</summary>
    static List<(int Start, int Length)> Split(byte[] utf8)
    {
        var lines = new List<(int Start, int Length)>();
        for (var start = 0; start < utf8.Length;)
        {
            var length = utf8.AsSpan(start).IndexOfAny((byte)'\r', (byte)'\n');
            if (length < 0)
            {
                lines.Add((start, utf8.Length - start));
                break;
            }

            lines.Add((start, length));
            var end = start + length;
            start = end + (utf8[end] == '\r' && end + 1 < utf8.Length && utf8[end + 1] == '\n' ? 2 : 1);
        }

        return lines;
    }

    /// <summary>The line without the byte order marks it starts with (the first line of a file saved with one).</summary>
    public static ReadOnlyMemory<byte> WithoutByteOrderMarks(ReadOnlyMemory<byte> line)
    {
        while (line.Span.StartsWith(Encoding.UTF8.Preamble))
            line = line[Encoding.UTF8.Preamble.Length..];
        return line;
    }

    /// <summary>Whether the line is empty or only white space, as <see cref="string.IsNullOrWhiteSpace"/> says of its text.</summary>
    public static bool IsWhiteSpace(ReadOnlySpan<byte> line)
    {
        while (!line.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(line, out var rune, out var consumed) != System.Buffers.OperationStatus.Done || !Rune.IsWhiteSpace(rune))
                return false;
            line = line[consumed..];
        }

        return true;
    }
}
