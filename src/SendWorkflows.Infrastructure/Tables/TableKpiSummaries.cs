using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// The KPI summaries of the outcome log (ADR 0105) in their own small table, <c>kpisummaries</c>: per month (row key
/// <c>yyyy-MM</c>) and for the cycles recorded open (row key <c>open</c>), a stamp (partition <c>stamp</c>) that the
/// outcome log rewrites with a new value whenever it files or unfiles an outcome there, and a summary (partition
/// <c>summary</c>) with the stamp it was computed under. A summary whose stamp is not the current one is recomputed
/// from the month's filed copies. The stamp is read before the copies and written after them, so a summary can only
/// ever be marked fresh with everything filed before its stamp; anything filed later moves the stamp on.
/// </summary>
sealed class TableKpiSummaries(TableServiceClient service, Func<IReadOnlyList<ShelfRange>, CancellationToken, IAsyncEnumerable<RecordedOutcome>> filedUnder)
{
    public const string TableName = "kpisummaries";
    const string StampPartition = "stamp";
    const string SummaryPartition = "summary";
    const string OpenKey = "open";
    const string StampColumn = "Stamp";
    const string ChunksColumn = "Chunks";

    // Table Storage keeps strings of up to 32K characters: a long list of open cycles is split over columns.
    const int ChunkLength = 30_000;
    readonly TableClient table = service.GetTableClient(TableName);
    readonly OnceUntilDone creation = new(ct => service.GetTableClient(TableName).CreateIfNotExistsAsync(ct));

    /// <summary>The stamp key of a shelf (<see cref="OutcomeMonths"/>): its month, or <c>open</c>.</summary>
    public static string KeyOf(string shelf) => shelf == OutcomeMonths.OverdueOpen ? OpenKey : shelf[2..];

    /// <summary>Marks the months of <paramref name="shelves"/> changed: an idempotent upsert of a new stamp each.</summary>
    public async Task StampAsync(IEnumerable<string> shelves, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var stamp = Guid.NewGuid().ToString("N");
        await Task.WhenAll(shelves.Select(KeyOf).Distinct(StringComparer.Ordinal).Select(key =>
            table.UpsertEntityAsync(new TableEntity(StampPartition, key) { [StampColumn] = stamp }, TableUpdateMode.Replace, cancellationToken)));
    }

    public async Task<KpiSummarySet> ReadAsync(DateOnly firstMonth, DateOnly lastMonth, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var months = Months(firstMonth, lastMonth);
        var filter = TableClient.CreateQueryFilter(
            $"(PartitionKey eq {StampPartition} or PartitionKey eq {SummaryPartition}) and ((RowKey ge {Key(months[0])} and RowKey le {Key(months[^1])}) or RowKey eq {OpenKey})");
        var rows = await RowsAsync(filter, cancellationToken);
        var summaries = await FreshAsync(rows, [.. months.Select(Key), OpenKey], cancellationToken);
        return new KpiSummarySet(months.ToDictionary(m => m, m => summaries.Months[Key(m)]), summaries.Open!);
    }

    /// <summary>
    /// Recomputes the summaries whose stamp moved on (months written since), of the months the dashboard and the
    /// monthly report read by default (the academic year before <paramref name="today"/>'s to its month) and any
    /// stamped month, so requests normally read summaries only. Returns how many it recomputed.
    /// </summary>
    public async Task<int> RefreshAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var rows = await RowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {StampPartition} or PartitionKey eq {SummaryPartition}"), cancellationToken);
        var since = new DateOnly(AcademicYear.Containing(today).StartYear - 1, 9, 1);
        var keys = Months(since, today).Select(Key).Append(OpenKey)
            .Concat(rows.Where(r => r.PartitionKey == StampPartition).Select(r => r.RowKey))
            .Distinct(StringComparer.Ordinal).ToList();
        var stale = keys.Count(key => IsStale(rows, key));
        await FreshAsync(rows, keys, cancellationToken);
        return stale;
    }

    /// <summary>The summaries of <paramref name="keys"/>: those in <paramref name="rows"/> under the current stamp, the rest recomputed and written.</summary>
    async Task<(Dictionary<string, KpiMonthSummary> Months, IReadOnlyList<OpenReviewCycle>? Open)> FreshAsync(
        List<TableEntity> rows, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var months = new Dictionary<string, KpiMonthSummary>(StringComparer.Ordinal);
        IReadOnlyList<OpenReviewCycle>? open = null;
        var stale = new List<string>();
        foreach (var key in keys)
        {
            if (IsStale(rows, key))
            {
                stale.Add(key);
            }
            else if (key == OpenKey)
            {
                open = ReadOpen(Json(Row(rows, SummaryPartition, key)!));
            }
            else
            {
                months[key] = new KpiMonthSummary(MonthOf(key), JsonSerializer.Deserialize<Dictionary<string, int[]>>(Json(Row(rows, SummaryPartition, key)!), TableJson.Options)!);
            }
        }

        foreach (var run in Runs(stale))
        {
            // One query per run of adjacent months (a filter holds at most 15 comparisons).
            var ranges = new List<ShelfRange>();
            if (run.Months.Count > 0)
            {
                ranges.AddRange(OutcomeMonths.ForSummaries(run.Months[0], run.Months[^1]).Where(r => r.First != OutcomeMonths.OverdueOpen));
            }

            if (run.Open)
            {
                ranges.Add(new ShelfRange(OutcomeMonths.OverdueOpen, OutcomeMonths.OverdueOpen));
            }

            var byKey = new Dictionary<string, RecordedOutcome>(StringComparer.Ordinal);
            await foreach (var outcome in filedUnder(ranges, cancellationToken))
            {
                byKey.TryAdd(outcome.Key, outcome);
            }

            var recorded = byKey.Values.OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
            var assessments = recorded.Select(o => o.Assessment).OfType<AssessmentOutcome>().ToList();
            var reviews = recorded.Select(o => o.Review).OfType<ReviewOutcome>().ToList();
            var surveys = recorded.Select(o => o.Survey).OfType<FamilySurveyOutcome>().ToList();
            var written = new List<Task>();
            foreach (var month in run.Months)
            {
                var summary = KpiSummarySet.Summarise(month, assessments, reviews, surveys);
                months[Key(month)] = summary;
                written.Add(WriteAsync(rows, Key(month), JsonSerializer.Serialize(summary.Days, TableJson.Options), cancellationToken));
            }

            if (run.Open)
            {
                open = KpiSummarySet.OpenCycles(reviews);
                written.Add(WriteAsync(rows, OpenKey, JsonSerializer.Serialize(open.Select(c => c.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + c.PlanId), TableJson.Options), cancellationToken));
            }

            await Task.WhenAll(written);
        }

        return (months, open);
    }

    /// <summary>Stale keys in runs of adjacent months, the open cycles with the first run.</summary>
    static IEnumerable<(List<DateOnly> Months, bool Open)> Runs(List<string> stale)
    {
        var open = stale.Contains(OpenKey);
        var run = new List<DateOnly>();
        foreach (var month in stale.Where(k => k != OpenKey).Select(MonthOf).Order())
        {
            if (run.Count > 0 && run[^1].AddMonths(1) != month)
            {
                yield return (run, open);
                (run, open) = ([], false);
            }

            run.Add(month);
        }

        if (run.Count > 0 || open)
        {
            yield return (run, open);
        }
    }

    /// <summary>Writes a summary under the stamp read before its copies were.</summary>
    async Task WriteAsync(List<TableEntity> rows, string key, string json, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(SummaryPartition, key) { [StampColumn] = Stamp(rows, key) };
        var chunks = json.Chunk(ChunkLength).Select(c => new string(c)).ToList();
        entity[ChunksColumn] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++)
        {
            entity["Json" + i.ToString(CultureInfo.InvariantCulture)] = chunks[i];
        }

        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    static IReadOnlyList<OpenReviewCycle> ReadOpen(string json) =>
        [.. JsonSerializer.Deserialize<List<string>>(json, TableJson.Options)!
            .Select(c => new OpenReviewCycle(c[10..], DateOnly.ParseExact(c[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture)))];

    static string Json(TableEntity entity)
    {
        var json = new StringBuilder();
        for (var i = 0; i < (entity.GetInt32(ChunksColumn) ?? 0); i++)
        {
            json.Append(entity.GetString("Json" + i.ToString(CultureInfo.InvariantCulture)));
        }

        return json.ToString();
    }

    static bool IsStale(List<TableEntity> rows, string key) =>
        Row(rows, SummaryPartition, key) is not { } summary || summary.GetString(StampColumn) != Stamp(rows, key);

    /// <summary>The month's current stamp; empty when nothing was filed there since summaries began (data from before, or none).</summary>
    static string Stamp(List<TableEntity> rows, string key) => Row(rows, StampPartition, key)?.GetString(StampColumn) ?? "";

    static TableEntity? Row(List<TableEntity> rows, string partition, string key) =>
        rows.Find(r => r.PartitionKey == partition && r.RowKey == key);

    async Task<List<TableEntity>> RowsAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    static List<DateOnly> Months(DateOnly first, DateOnly last)
    {
        var months = new List<DateOnly>();
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
        {
            months.Add(month);
        }

        return months;
    }

    static string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    static DateOnly MonthOf(string key) => DateOnly.ParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    Task EnsureCreatedAsync(CancellationToken cancellationToken) => creation.RunAsync(cancellationToken);
}
