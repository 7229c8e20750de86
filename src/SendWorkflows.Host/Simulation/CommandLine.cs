using System.Globalization;

namespace SendWorkflows.Host.Simulation;

/// <summary>The <c>--name value</c> options of one subcommand, with errors that name the option at fault.</summary>
sealed class CommandLine
{
    readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    CommandLine()
    {
    }

    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> known)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !known.Contains(name[2..]))
            {
                throw new UsageException($"unknown option '{name}' (options: {string.Join(", ", known.Select(k => "--" + k))})");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"option '{name}' needs a value");
            }

            if (!line.values.TryAdd(name[2..], args[++i]))
            {
                throw new UsageException($"option '{name}' is given twice");
            }
        }

        return line;
    }

    public string Required(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new UsageException($"option '--{name}' is required");

    public string? Optional(string name) => values.GetValueOrDefault(name);

    public DateOnly RequiredDate(string name) =>
        DateOnly.TryParseExact(Required(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"option '--{name}' must be a date as yyyy-MM-dd, not '{Required(name)}'");
}

/// <summary>A command line that cannot be run, with what is wrong with it.</summary>
sealed class UsageException(string message) : Exception(message);
