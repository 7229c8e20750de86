using System.Globalization;

namespace SendWorkflows.Runtime;

/// <summary>
/// Row keys of the instances table (ADR 0122). Each starts with its kind (<c>!</c> the instance row, <c>h|</c> history,
/// <c>m|</c> inbox, <c>a|</c> activities, <c>o|</c> outbox, <c>p|</c> overflow), then the partition (the escaped
/// instance id) and <c>%|</c>, then the row's own id: <c>!review-1%|</c>, <c>m|review-1%|timer|0|3</c>. So no two
/// partitions share a row key (Azurite finds an entity through its row-key index instead of testing every partition
/// that has the same key), rows of one kind still sort together, and all instance rows lie between <c>!</c> and <c>"</c>.
/// Escaped text never holds <c>%|</c> (every <c>%</c> it writes is followed by two hex digits), so a key holds
/// <c>%|</c> exactly when it is in this layout; the first layout's keys (<c>!</c>, <c>m|timer|0|3</c>) never do.
/// </summary>
static class InstanceRowKeys
{
    const string Separator = "%|";

    public static string Instance(string pk) => "!" + pk + Separator;

    /// <summary>A filter for the instance rows of every partition (a scan of the table, as <c>RowKey eq '!'</c> was).</summary>
    public static readonly string EveryInstanceRow = "(RowKey gt '!' and RowKey lt '\"')";

    /// <summary>The prefix of every row of <paramref name="kind"/> (<c>h|</c>, <c>m|</c>, <c>a|</c>, <c>o|</c>, <c>p|</c>) in the partition.</summary>
    public static string Prefix(string pk, string kind) => kind + pk + Separator;

    public static string Row(string pk, string kind, string id) => Prefix(pk, kind) + TableKeys.Escape(id);

    public static string HistoryPrefix(string pk, int generation) =>
        Prefix(pk, "h|") + generation.ToString("D6", CultureInfo.InvariantCulture) + "|";

    public static string History(string pk, int generation, int firstEvent) =>
        HistoryPrefix(pk, generation) + firstEvent.ToString("D8", CultureInfo.InvariantCulture);

    public static string Overflow(string pk, string bodyId, int row) =>
        Prefix(pk, "p|") + bodyId + "|" + row.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>The first layout's instance row key (ADR 0002), read only by the upgrade.</summary>
    public const string FirstLayoutInstance = "!";

    /// <summary>Whether the key is in this layout (else it is a row of the first layout, or not the runtime's).</summary>
    public static bool IsCurrent(string rowKey) => rowKey.Contains(Separator, StringComparison.Ordinal);

    /// <summary>The key a first-layout row has in this layout: <c>!</c> and <c>x|id</c> become <c>!pk%|</c> and <c>x|pk%|id</c>.</summary>
    public static string FromFirstLayout(string pk, string firstLayoutKey) =>
        firstLayoutKey == FirstLayoutInstance ? Instance(pk)
        : firstLayoutKey.Length >= 2 && firstLayoutKey[1] == '|' ? Prefix(pk, firstLayoutKey[..2]) + firstLayoutKey[2..]
        : throw new FormatException($"Row key '{firstLayoutKey}' of partition '{pk}' is not a key of the first instances-table layout.");
}
