using System.Text;

namespace SendWorkflows.Contract.Tests;

/// <summary>
/// Seeded damage to a valid file, as exports and hand edits do it. "Line-safe" mutations never add or remove a
/// line break or a quote, so the number of records stays countable by lines; the others may merge records.
/// </summary>
static class Mutations
{
    /// <summary>Characters that may appear anywhere without making a new line or opening a quoted field.</summary>
    static readonly string[] Noise =
    [
        "\0", ",", ";", "\t", " ", "é", "\uFFFD", "\uFEFF", "😀", "\u2028", "\u0085", "\\", "{", "}", "[", "]", ":", "'", "“", "”", "@", "x", "\\ud800", "\\u0000",
    ];

    public static string Truncate(Random random, string text) => text[..random.Next(text.Length)];

    public static string ReplaceCharacters(Random random, string text)
    {
        var builder = new StringBuilder(text);
        for (var i = random.Next(1, 6); i > 0 && builder.Length > 0; i--)
        {
            var at = random.Next(builder.Length);
            if (builder[at] is '\r' or '\n' or '"')
                continue;
            builder.Remove(at, 1).Insert(at, Noise[random.Next(Noise.Length)]);
        }

        return builder.ToString();
    }

    public static string HugeField(Random random, string text) =>
        text.Insert(LineSafePosition(random, text), new string('x', random.Next(10_000, 300_000)));

    public static string LineEndings(Random random, string text)
    {
        var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        var endings = new[] { "\r\n", "\n", "\r", "\n\n", "\r\n\r\n" };
        var mixed = random.Next(2) == 0;
        var fixedEnding = endings[random.Next(3)];
        return string.Concat(lines.Select((line, i) => i == lines.Length - 1 ? line : line + (mixed ? endings[random.Next(endings.Length)] : fixedEnding)));
    }

    public static string ByteOrderMarks(Random random, string text) => random.Next(3) switch
    {
        0 => "\uFEFF" + text,
        1 => "\uFEFF\uFEFF" + text,
        _ => text.Insert(LineSafePosition(random, text), "\uFEFF"),
    };

    /// <summary>Typographic or single quotes, which are ordinary characters to RFC 4180 and JSON alike.</summary>
    public static string WrongQuotes(Random random, string text)
    {
        var at = LineSafePosition(random, text);
        return text.Insert(at, random.Next(2) == 0 ? "“" : "'").Insert(Math.Min(text.Length, at + random.Next(1, 20)), random.Next(2) == 0 ? "”" : "'");
    }

    /// <summary>A straight double quote somewhere: may open a quoted field that swallows later lines.</summary>
    public static string StrayQuote(Random random, string text) => text.Insert(random.Next(text.Length + 1), "\"");

    /// <summary>Invalid UTF-8: bytes 0x80-0xFF never decode to a line break or a quote.</summary>
    public static byte[] RandomHighBytes(Random random, byte[] utf8)
    {
        var bytes = (byte[])utf8.Clone();
        for (var i = random.Next(1, 8); i > 0; i--)
            bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
        return bytes;
    }

    public static IReadOnlyList<Func<Random, string, string>> LineSafe { get; } =
        [Truncate, ReplaceCharacters, HugeField, LineEndings, ByteOrderMarks, WrongQuotes];

    /// <summary>Lines as TextReader.ReadLine and CSV both count them: CR, LF and CR LF each end one.</summary>
    public static string[] Lines(string text) => text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);

    static int LineSafePosition(Random random, string text)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var at = random.Next(text.Length + 1);
            if (at == 0 || at == text.Length || text[at - 1] is not '\r' || text[at] is not '\n')
                return at;
        }

        return text.Length;
    }
}
