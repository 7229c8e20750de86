using System.Buffers;
using System.Text;

namespace SendWorkflows.Contract;

/// <summary>
/// Strict UTF-8 for every input (contract section 1: "Input that is not valid UTF-8 is rejected with the line and
/// byte at fault, never silently altered"). A byte that is not UTF-8 is reported, never replaced by U+FFFD or guessed.
/// </summary>
public static class Utf8Input
{
    /// <summary>
    /// The text of <paramref name="bytes"/> without a leading byte order mark, or null and the first byte at fault.
    /// </summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, out Utf8Fault? fault)
    {
        fault = null;
        if (Utf16(bytes) is { } utf16)
            return utf16;

        if (bytes.StartsWith(Encoding.UTF8.Preamble))
            bytes = bytes[Encoding.UTF8.Preamble.Length..];

        fault = FirstFault(bytes);
        return fault is null ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>
    /// Text that declares itself UTF-16 with a byte order mark (declared, not guessed), decoded strictly; null for
    /// anything else, or for UTF-16 that does not decode: that is then read, and rejected, as UTF-8.
    /// </summary>
    public static string? Utf16(ReadOnlySpan<byte> bytes)
    {
        var bigEndian = bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!bigEndian && !bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return null;

        try
        {
            return new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The first byte that does not start or continue a valid UTF-8 sequence, or null when there is none.</summary>
    public static Utf8Fault? FirstFault(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? null : Faults(bytes)[0];

    /// <summary>
    /// The first invalid byte of each line that has one, in order; empty when the input is valid UTF-8. Lines are
    /// counted as the readers count them (CR, LF and CR LF each end one).
    /// </summary>
    public static IReadOnlyList<Utf8Fault> Faults(ReadOnlySpan<byte> bytes)
    {
        var faults = new List<Utf8Fault>();
        if (System.Text.Unicode.Utf8.IsValid(bytes))
            return faults;

        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < bytes.Length;)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) != OperationStatus.Done)
            {
                if (faults.Count == 0 || faults[^1].Line != line)
                    faults.Add(new Utf8Fault(line, i - lineStart + 1, i, bytes[i]));
                i += Math.Max(consumed, 1);
                continue;
            }

            // Lines end as TextReader and the CSV reader end them: at CR, LF or CR LF.
            var crlf = bytes[i] == (byte)'\n' && i > 0 && bytes[i - 1] == (byte)'\r';
            if (bytes[i] is (byte)'\r' or (byte)'\n')
            {
                line += crlf ? 0 : 1;
                lineStart = i + 1;
            }

            i += consumed;
        }

        return faults;
    }
}

/// <summary>Where input stops being UTF-8: the 1-based line, the 1-based byte within it, and the byte's value.</summary>
/// <param name="Offset">0-based offset of the byte in the whole input.</param>
public sealed record Utf8Fault(int Line, int ByteInLine, long Offset, byte Value)
{
    /// <summary>"line 3, byte 17 (0xE9) is not valid UTF-8": safe to log (one byte, not the text around it).</summary>
    public string Reason(bool namesLine = true) =>
        (namesLine ? $"line {Line}, byte {ByteInLine}" : $"byte {ByteInLine}") +
        $" (0x{Value:X2}) is not valid UTF-8; nothing was changed: save the file as UTF-8 (Windows-1252 or Latin-1 exports need converting) and send it again";
}
