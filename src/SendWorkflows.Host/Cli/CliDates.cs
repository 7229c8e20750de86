using System.CommandLine;
using System.Globalization;

namespace SendWorkflows.Host.Cli;

/// <summary>Date options written as the contract writes dates: exactly yyyy-MM-dd.</summary>
static class CliDates
{
    public static Option<DateOnly> Option(string name, string description) => new(name)
    {
        Description = description + " (yyyy-MM-dd)",
        Required = true,
        HelpName = "yyyy-MM-dd",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return date;
            result.AddError($"{name} must be a date as yyyy-MM-dd, not '{text}'");
            return default;
        },
    };
}

/// <summary>Values read inside a command's validator.</summary>
static class CliValues
{
    /// <summary>
    /// The option's value, or default when it is missing or did not parse: that has its own error already, and
    /// GetValue would throw it.
    /// </summary>
    public static T? ValueOrDefault<T>(this System.CommandLine.Parsing.CommandResult result, Option<T> option)
    {
        try
        {
            return result.GetResult(option) is null ? default : result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }
}
