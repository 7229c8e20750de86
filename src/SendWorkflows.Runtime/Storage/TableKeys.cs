using System.Globalization;
using System.Text;

namespace SendWorkflows.Runtime;

/// <summary>
/// Table keys may not contain / \ # ? or control characters; instance and message ids may. Percent-escaping keeps
/// every other character (so prefixes and ordering of ordinary ids survive) and is reversible.
/// </summary>
static class TableKeys
{
    public static string Escape(string value)
    {
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    static bool NeedsEscape(char c) => c is '%' or '/' or '\\' or '#' or '?' || char.IsControl(c);

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>.</summary>
    public static string PrefixUpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
