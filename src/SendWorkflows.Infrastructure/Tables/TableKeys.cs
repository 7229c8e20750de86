using System.Text;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// Makes any text safe as (part of) a Table Storage PartitionKey or RowKey, reversibly and readably: the characters
/// keys forbid (/ \ # ?), control characters, our separator ':' and the escape '%' itself become %XX.
/// </summary>
public static class TableKeys
{
    public const char Separator = ':';

    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                escaped.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '%' or Separator || char.IsControl(c);
}
