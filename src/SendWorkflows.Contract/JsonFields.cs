using System.Text.Json;
using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>
/// Reads the properties of one JSON object by the contract's rules, adding a problem, named by its path, for each
/// one missing or wrong. Getters return null (or a default) for a bad value so that reading can go on and report
/// everything; the caller discards its result when any problem was found.
/// </summary>
sealed class JsonFields(JsonElement element, Problems problems, string pathPrefix = "")
{
    public Problems Problems => problems;

    public string Path(string name) => pathPrefix + name;

    public void Fail(string name, string reason) => problems.Add(Path(name), $"{Path(name)} {reason}");

    /// <summary>The string value, or null when missing (a problem when required) or not a string.</summary>
    public string? Text(string name, bool required = true)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                Fail(name, "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(name, "must be a string");
            return null;
        }

        if (SafeString(value) is not { } raw)
        {
            Fail(name, "is not valid text (it holds an unpaired UTF-16 surrogate)");
            return null;
        }

        var text = raw.Trim();
        if (text.Length == 0 && required)
        {
            Fail(name, "is required");
            return null;
        }

        if (text.Length > ContractRules.MaxTextLength)
        {
            Fail(name, $"is longer than {ContractRules.MaxTextLength} characters");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>The string, or null when its escapes encode an unpaired surrogate, which .NET cannot hold.</summary>
    public static string? SafeString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public string? Id(string name)
    {
        var text = Text(name);
        if (text is not null && !ContractRules.IsValidId(text))
        {
            Fail(name, $"must be at most {ContractRules.MaxIdLength} characters without control characters");
            return null;
        }

        return text;
    }

    public DateOnly? Date(string name, bool required = true)
    {
        var text = Text(name, required);
        if (text is null)
            return null;
        if (ContractRules.TryParseDate(text, out var date))
            return date;
        Fail(name, $"is not a date ({ContractRules.DateFormat})");
        return null;
    }

    /// <summary>A JSON true or false (required).</summary>
    public bool? Boolean(string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Fail(name, "is required");
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        Fail(name, "must be true or false");
        return null;
    }

    /// <summary>Never echoes the value (an e-mail may be a family's personal data).</summary>
    public string? Email(string name, bool required = true)
    {
        var text = Text(name, required);
        if (text is not null && !ContractRules.IsValidEmail(text))
        {
            Fail(name, "is not a valid e-mail address");
            return null;
        }

        return text;
    }

    public TEnum? Term<TEnum>(string name, Vocabulary<TEnum> vocabulary) where TEnum : struct, Enum
    {
        var text = Text(name);
        if (text is null)
            return null;
        if (vocabulary.TryParse(text, out var value))
            return value;
        Fail(name, $"{ContractRules.Quote(text)} is not one of {vocabulary.Expected}");
        return null;
    }

    /// <summary>Never echoes the value: initials are a child's personal data.</summary>
    public string? Initials(string name)
    {
        var text = Text(name);
        if (text is not null && !ContractRules.AreValidInitials(text))
        {
            Fail(name, "must be 1-4 capital letters, optionally joined by - or ' (initials only, never a name)");
            return null;
        }

        return text;
    }

    public string? ContactKey(string name)
    {
        var text = Text(name);
        if (text is not null && !ContractRules.IsValidContactKey(text))
        {
            Fail(name, $"{ContractRules.Quote(text)} is not a contact key (letters, digits, - _ .)");
            return null;
        }

        return text;
    }

    /// <summary>The contract's spelling as a string; a bare JSON number 1..14 is accepted too.</summary>
    public YearGroup? YearGroup(string name)
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt32(out var year) && Domain.YearGroup.TryParse(year.ToString(System.Globalization.CultureInfo.InvariantCulture), out var numbered))
                return numbered;
            Fail(name, "is not one of N1, N2, R, 1..14, none");
            return null;
        }

        var text = Text(name);
        if (text is null)
            return null;
        if (Domain.YearGroup.TryParse(text, out var yearGroup))
            return yearGroup;
        Fail(name, $"{ContractRules.Quote(text)} is not one of N1, N2, R, 1..14, none");
        return null;
    }
}
