using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using SendWorkflows.Workflows;
using static SendWorkflows.Infrastructure.Tables.RegisterIndexKeys;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// The register index's reads (ADR 0103, 0106): the summary from its 32 shards, and a page's slice from the index's own
/// rows, the by-due table once it is complete, or a caseworker's partition.
/// </summary>
sealed class RegisterIndexReader(
    TableClient index, TableClient byDue, TableClient byCaseworker,
    Func<CancellationToken, Task> ensureCreated, Func<CancellationToken, Task<bool>> byDueBuilt)
{
    public async Task<RegisterSummary> SummaryAsync(CancellationToken cancellationToken = default) =>
        (await SummaryCountsAsync(cancellationToken)).ToSummary();

    async Task<RegisterSummaryCounts> SummaryCountsAsync(CancellationToken cancellationToken)
    {
        await ensureCreated(cancellationToken);
        // 32 point reads side by side rather than one query: Azurite answers a point read from its RowKey index but a
        // query by testing every row of the table (ADR 0106); Azure serves both from its index, in about the same time.
        var shards = await Task.WhenAll(Enumerable.Range(0, SummaryShards).Select(shard =>
            index.GetEntityIfExistsAsync<TableEntity>(Partition, ShardKey(shard), [JsonColumn], cancellationToken)));
        var total = new RegisterSummaryCounts();
        foreach (var shard in shards.Where(s => s.HasValue))
        {
            total.Merge(JsonSerializer.Deserialize<RegisterSummaryCounts>(shard.Value!.GetString(JsonColumn), TableJson.Options)!);
        }

        return total;
    }

    /// <summary>
    /// Reads the range the query's order and caseworker pick, filtered by the table service; with no filter only the
    /// rows of the due weeks or settings the slice falls in are read (ADR 0106) and the count is the summary's.
    /// </summary>
    public async Task<RegisterSlice> QueryAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        await QueryAsync(query, query.Unfiltered ? await SummaryCountsAsync(cancellationToken) : null, cancellationToken);

    /// <summary>The slice and the summary; an unfiltered slice takes its count from that summary, so it is read once.</summary>
    public async Task<(RegisterSlice Slice, RegisterSummary Summary)> QueryWithSummaryAsync(RegisterQuery query, CancellationToken cancellationToken = default)
    {
        var summary = await SummaryCountsAsync(cancellationToken);
        return (await QueryAsync(query, summary, cancellationToken), summary.ToSummary());
    }

    async Task<RegisterSlice> QueryAsync(RegisterQuery query, RegisterSummaryCounts? summary, CancellationToken cancellationToken)
    {
        await ensureCreated(cancellationToken);
        // A filtered list in due order is read from the by-due table once it is complete: a third of the rows for Azurite
        // to test. The unfiltered register reads the index's own rows, which change in one transaction with the summary
        // whose counts bound the read, so a page is exact even while a write's copy is still to be made.
        var dueTable = !query.Unfiltered && await byDueBuilt(cancellationToken) ? byDue : index;
        if (query.Unfiltered && summary is not null && query.Sort is RegisterSort.NextReviewDue or RegisterSort.Setting
            && await BoundedSliceAsync(query, summary, cancellationToken) is { } bounded)
        {
            return bounded;
        }

        var (table, range) = query.Caseworker.Length > 0
            ? (byCaseworker, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(query.Caseworker.ToLowerInvariant())}"))
            : query.Sort switch { RegisterSort.Plan => (index, Range("plan:")), RegisterSort.Setting => (index, Range("setting:")), _ => (dueTable, Range("due:")) };
        if (query.OverdueOnly && query.Caseworker.Length == 0 && query.Sort == RegisterSort.NextReviewDue)
        {
            range = Range("due:") + " and " + TableClient.CreateQueryFilter($"RowKey lt {"due:" + Day(query.Today)}");
        }

        var plans = new List<RegisteredPlan>();
        if (query.Unfiltered && !query.Descending && query.Caseworker.Length == 0)
        {
            var end = query.Skip + (query.Take ?? int.MaxValue - query.Skip);
            var pageSize = Math.Clamp(end, 1, 1000);
            await foreach (var row in table.QueryAsync<TableEntity>(range, maxPerPage: pageSize, select: [JsonColumn], cancellationToken: cancellationToken))
            {
                plans.Add(Read(row.GetString(JsonColumn)));
                if (plans.Count >= end)
                {
                    break;
                }
            }

            var ordered = Distinct(query.Order(plans));
            return new RegisterSlice(ordered.Skip(query.Skip).Take(query.Take ?? int.MaxValue).ToList(), (summary ?? await SummaryCountsAsync(cancellationToken)).Plans);
        }

        await foreach (var row in table.QueryAsync<TableEntity>(range + Filters(query), select: [JsonColumn], cancellationToken: cancellationToken))
        {
            plans.Add(Read(row.GetString(JsonColumn)));
        }

        return query.Slice(Distinct(query.Order(plans)));
    }

    /// <summary>A plan listed twice while a write moves its by-due row (ADR 0106) is shown once.</summary>
    static List<RegisteredPlan> Distinct(IReadOnlyList<RegisteredPlan> ordered) =>
        ordered.DistinctBy(p => p.PlanId, StringComparer.Ordinal).ToList();

    /// <summary>
    /// An unfiltered slice in due or setting order without reading the rows before it: the summary's counts by due week
    /// (or by setting) say which weeks hold the slice's positions, and one key range of those weeks is read. Null when
    /// the counts are not complete (a store being upgraded) or, which the transaction should never allow, the rows read
    /// are not as many as counted: the caller then reads the range from its start, as before.
    /// </summary>
    async Task<RegisterSlice?> BoundedSliceAsync(RegisterQuery query, RegisterSummaryCounts summary, CancellationToken cancellationToken)
    {
        var buckets = query.Sort == RegisterSort.Setting ? SettingBuckets(summary) : DueBuckets(summary);
        if (buckets.Sum(b => b.Count) != summary.Plans)
        {
            return null;
        }

        var total = summary.Plans;
        var take = (int)Math.Min(query.Take ?? int.MaxValue, total);
        var (from, to) = query.Descending
            ? (Math.Max(0, total - query.Skip - take), Math.Max(0, total - query.Skip))
            : (Math.Min(total, query.Skip), Math.Min(total, query.Skip + take));
        if (from >= to)
        {
            return new RegisterSlice([], total);
        }

        var (first, before) = (0, 0);
        while (before + buckets[first].Count <= from)
        {
            before += buckets[first++].Count;
        }

        var (last, upTo) = (first, before + buckets[first].Count);
        while (upTo < to)
        {
            upTo += buckets[++last].Count;
        }

        var range = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {buckets[first].Low} and RowKey lt {buckets[last].High}");
        var plans = new List<RegisteredPlan>();
        await foreach (var row in index.QueryAsync<TableEntity>(range, maxPerPage: 1000, select: [JsonColumn], cancellationToken: cancellationToken))
        {
            plans.Add(Read(row.GetString(JsonColumn)));
        }

        if (plans.Count != upTo - before)
        {
            return null;
        }

        var ascending = (query with { Descending = false }).Order(plans).Skip(from - before).Take(to - from);
        return new RegisterSlice((query.Descending ? ascending.Reverse() : ascending).ToList(), total);
    }

    /// <summary>The due weeks in key order, each the RowKey range of its plans' due rows.</summary>
    static List<(string Low, string High, int Count)> DueBuckets(RegisterSummaryCounts summary) =>
        summary.DueWeeks.Where(w => w.Value > 0).OrderBy(w => w.Key, StringComparer.Ordinal).Select(w =>
        {
            var monday = DateOnly.ParseExact(w.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var high = monday.DayNumber + 7 <= DateOnly.MaxValue.DayNumber ? "due:" + Day(monday.AddDays(7)) : "due;";
            return ("due:" + w.Key, high, w.Value);
        }).ToList();

    /// <summary>The settings (one bucket for names that differ only in case, as the page sorts them) in key order.</summary>
    static List<(string Low, string High, int Count)> SettingBuckets(RegisterSummaryCounts summary) =>
        summary.Settings.Where(s => s.Value > 0).GroupBy(s => SettingHex(s.Key), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ("setting:" + g.Key + "0000" + TableKeys.Separator, "setting:" + g.Key + "0000" + (char)(TableKeys.Separator + 1), g.Sum(s => s.Value))).ToList();

    /// <summary>The filters the table service applies to the range's rows; the query's own predicate checks the result again.</summary>
    static string Filters(RegisterQuery query)
    {
        var filters = new List<string>();
        if (query.Setting.Length > 0) filters.Add(TableClient.CreateQueryFilter($"Setting eq {query.Setting}"));
        if (query.Type is { } type) filters.Add(TableClient.CreateQueryFilter($"SettingType eq {type.ToString()}"));
        if (query.Status.Length > 0) filters.Add(TableClient.CreateQueryFilter($"Status eq {query.Status}"));
        if (query.OverdueOnly) filters.Add(TableClient.CreateQueryFilter($"Ceased eq {false} and NextReviewDue lt {Day(query.Today)}"));
        if (query.Search.Length > 0)
        {
            var search = query.Search.ToUpperInvariant();
            filters.Add(TableClient.CreateQueryFilter($"(PlanUpper ge {search} and PlanUpper lt {search + '\uffff'}) or Initials eq {search}"));
        }

        return string.Concat(filters.Select(f => " and (" + f + ")"));
    }
}
