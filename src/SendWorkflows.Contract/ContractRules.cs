using System.Globalization;
using System.Net.Mail;

namespace SendWorkflows.Contract;

/// <summary>
/// Field rules shared by every reader (see docs/adr/0020-intake-validation-rules.md). Each returns null when the
/// value is fine, else a reason that never repeats the value, so it is safe to log whatever the field holds.
/// </summary>
public static class ContractRules
{
    public const string DateFormat = "yyyy-MM-dd";
    public const int MaxTextLength = 200;
    public const int MaxIdLength = 64;

    /// <summary>An ISO calendar date, exactly yyyy-MM-dd.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// A plain address: no display name, no whitespace, exactly one @, a domain with a dot that neither starts nor
    /// ends it, accepted by <see cref="MailAddress"/> unchanged, at most 254 characters (RFC 5321).
    /// </summary>
    public static bool IsValidEmail(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 254 || text.Any(char.IsWhiteSpace) || text.Count(c => c == '@') != 1)
            return false;

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var domain = text[(at + 1)..];
        if (at == 0 || !domain.Contains('.', StringComparison.Ordinal) || domain.StartsWith('.') || domain.EndsWith('.')
            || domain.Contains("..", StringComparison.Ordinal))
            return false;

        return MailAddress.TryCreate(text, out var address) && address.Address == text && address.DisplayName.Length == 0;
    }

    /// <summary>
    /// Initials only, never a name: 1 to 4 capital letters, optionally joined by single hyphens or apostrophes
    /// ("JS", "A-M", "O'B"). Lower-case letters are refused because "Sam" or "john" are names, not initials.
    /// </summary>
    public static bool AreValidInitials(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 7)
            return false;

        var letters = 0;
        var previousWasLetter = false;
        foreach (var c in text)
        {
            if (char.IsUpper(c) && char.IsLetter(c))
            {
                letters++;
                previousWasLetter = true;
            }
            else if ((c is '-' or '\'' or '\u2019') && previousWasLetter)
            {
                previousWasLetter = false;
            }
            else
            {
                return false;
            }
        }

        return previousWasLetter && letters is >= 1 and <= 4;
    }

    /// <summary>A contact key (contract section 3): letters, digits, '-', '_' or '.', at most 64 characters.</summary>
    public static bool IsValidContactKey(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= MaxIdLength
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>An identifier (plan id, case id, event id): non-blank, no control characters, at most 64 characters.</summary>
    public static bool IsValidId(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= MaxIdLength && !text.Any(char.IsControl);

    /// <summary>
    /// A vocabulary value is not personal data, so a reason may show it, shortened so that a huge or binary field
    /// cannot flood a log.
    /// </summary>
    internal static string Quote(string text)
    {
        var shown = new string(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return "'" + shown + (text.Length > 40 ? "...'" : "'");
    }
}
