namespace SendWorkflows.Web.Pages;

/// <summary>
/// Text from outside (an event's id or case id) made safe for a log line: control characters (a newline could forge
/// a whole line) become '?', and it is cut to <see cref="MaxLength"/> characters, saying how long it was.
/// </summary>
public static class LogText
{
    public const int MaxLength = 80;

    public static string? Clean(string? text, int maxLength = MaxLength)
    {
        if (text is null)
            return null;
        var shown = new string([.. text.Take(maxLength).Select(c => char.IsControl(c) || char.IsSurrogate(c) ? '?' : c)]);
        return text.Length > maxLength ? $"{shown}... ({text.Length} characters)" : shown;
    }
}
