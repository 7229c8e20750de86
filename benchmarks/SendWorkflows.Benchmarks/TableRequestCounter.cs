using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SendWorkflows.Benchmarks;

/// <summary>
/// Counts every request the host's <c>TableServiceClient</c> sends, by table and operation (an Azure SDK pipeline
/// policy, per try so retries count): what the live benchmark prints as storage requests per plan. A transaction
/// (<c>$batch</c>) counts once, under the table of its first operation, and its rows are counted beside it.
/// </summary>
sealed partial class TableRequestCounter : HttpPipelineSynchronousPolicy
{
    readonly ConcurrentDictionary<(string Table, string Operation), long> counts = new();
    readonly ConcurrentDictionary<string, long> batchRows = new();

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        var path = request.Uri.Path;
        var segment = path[(path.LastIndexOf('/') + 1)..];
        var method = request.Method.Method;
        if (segment == "$batch")
        {
            var operations = BatchOperations(request);
            var table = operations.Count > 0 ? operations[0] : "?";
            Add(table, "transaction");
            batchRows.AddOrUpdate(table, operations.Count, (_, n) => n + operations.Count);
            return;
        }

        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        var name = paren < 0 ? segment : segment[..paren];
        var keyed = paren >= 0 && segment.Length > paren + 2; // Table(PartitionKey=...,RowKey=...), not Table()
        if (name == "Tables")
        {
            Add("(tables)", method == "POST" ? "create table" : method.ToLowerInvariant());
            return;
        }

        Add(Uri.UnescapeDataString(name), (method, keyed) switch
        {
            ("GET", true) => "point read",
            ("GET", false) => "query page",
            ("POST", _) => "insert",
            ("PUT", _) => "upsert/replace",
            ("PATCH", _) or ("MERGE", _) => "merge",
            ("DELETE", _) => "delete",
            _ => method,
        });
    }

    void Add(string table, string operation) => counts.AddOrUpdate((table, operation), 1, (_, n) => n + 1);

    static List<string> BatchOperations(Request request)
    {
        if (request.Content is null)
        {
            return [];
        }

        using var body = new MemoryStream();
        request.Content.WriteTo(body, CancellationToken.None);
        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        return [.. OperationLine().Matches(text).Select(m => Uri.UnescapeDataString(m.Groups[1].Value))];
    }

    [GeneratedRegex(@"^(?:POST|PUT|PATCH|MERGE|DELETE|GET) https?://\S*?/([A-Za-z0-9]+)(?:\(|\s|\?)", RegexOptions.Multiline)]
    private static partial Regex OperationLine();

    public Snapshot Take() => new(new Dictionary<(string, string), long>(counts), new Dictionary<string, long>(batchRows));

    public sealed record Snapshot(IReadOnlyDictionary<(string Table, string Operation), long> Counts, IReadOnlyDictionary<string, long> BatchRows)
    {
        static readonly string[] Operations = ["point read", "query page", "insert", "upsert/replace", "merge", "delete", "transaction"];

        /// <summary>The requests since <paramref name="before"/>, a row per table, per plan and in all.</summary>
        public string Table(Snapshot before, int plans, int instances)
        {
            var diff = Counts.ToDictionary(c => c.Key, c => c.Value - before.Counts.GetValueOrDefault(c.Key));
            var tables = diff.Keys.Select(k => k.Table).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList();
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"storage requests in the first load, per plan ({plans} plans, {instances} instances); all requests of the host's table client:");
            text.AppendLine("  table                  | " + string.Join(" | ", Operations.Select(o => o.PadLeft(14))) + " | rows in txns | per plan |    total");
            long all = 0;
            foreach (var table in tables)
            {
                var row = Operations.Select(o => diff.GetValueOrDefault((table, o))).ToArray();
                var other = diff.Where(d => d.Key.Table == table && !Operations.Contains(d.Key.Operation)).Sum(d => d.Value);
                var total = row.Sum() + other;
                all += total;
                var rows = BatchRows.GetValueOrDefault(table) - before.BatchRows.GetValueOrDefault(table);
                var perPlan = string.Join(" | ", row.Select(n => ((double)n / plans).ToString("0.00", CultureInfo.InvariantCulture).PadLeft(14)));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {table,-22} | {perPlan} | {(double)rows / plans,12:0.00} | {(double)total / plans,8:0.00} | {total,8}");
            }

            text.Append(CultureInfo.InvariantCulture, $"  all tables: {all} requests, {(double)all / plans:0.00} a plan, {(double)all / Math.Max(1, instances):0.00} an instance");
            return text.ToString();
        }
    }
}
