using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// The register's index in the <c>registerindex</c> table (ADR 0103). One partition, <c>register</c>, holds per plan a
/// row in next-review-due order (<c>due:2026-03-01:EHC-1</c>), one in plan order (<c>plan:EHC-1</c>, which also
/// records what the index holds for the plan) and one in setting order, plus 32 summary rows (<c>sum:07</c>) that
/// count the plans and their caseworkers, settings and statuses. A plan's rows and its summary change go in one
/// transaction guarded by ETags, so a write that runs twice, or two writers at once, count once. Rows by
/// caseworker (<c>registerbycaseworker</c>, partition = caseworker) are written first, idempotently.
/// </summary>
public sealed class TableRegisterIndex(TableServiceClient service)
{
    public const string TableName = "registerindex";
    public const string ByCaseworkerTableName = "registerbycaseworker";
    const string Partition = "register";
    const int SummaryShards = 32;
    const int Attempts = 20;
    const string JsonColumn = "Json";
    readonly TableClient index = service.GetTableClient(TableName);
    readonly TableClient byCaseworker = service.GetTableClient(ByCaseworkerTableName);
    readonly OnceUntilDone creation = new(ct => Task.WhenAll(service.GetTableClient(TableName).CreateIfNotExistsAsync(ct), service.GetTableClient(ByCaseworkerTableName).CreateIfNotExistsAsync(ct)));

    public async Task WriteAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var json = JsonSerializer.Serialize(plan, TableJson.Options);
        for (var attempt = 1; ; attempt++)
        {
            var pointer = await index.GetEntityIfExistsAsync<TableEntity>(Partition, PlanKey(plan.PlanId), cancellationToken: cancellationToken);
            var oldJson = pointer.HasValue ? pointer.Value!.GetString(JsonColumn) : null;
            if (oldJson == json)
            {
                return; // already indexed: an activity's second run
            }

            var old = oldJson is null ? null : Read(oldJson);
            await WriteByCaseworkerAsync(old, plan, json, cancellationToken);
            try
            {
                await index.SubmitTransactionAsync(await TransactionAsync(old, pointer.HasValue ? pointer.Value!.ETag : (ETag?)null, plan, json, attempt, cancellationToken), cancellationToken);
                return;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412 && attempt < Attempts)
            {
                // Another writer changed the summary shard (or this plan) since we read it: read again.
            }
        }
    }

    async Task<List<TableTransactionAction>> TransactionAsync(RegisteredPlan? old, ETag? pointerTag, RegisteredPlan plan, string json, int attempt, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            pointerTag is { } tag
                ? new(TableTransactionActionType.UpdateReplace, Row(PlanKey(plan.PlanId), plan, json), tag)
                : new(TableTransactionActionType.Add, Row(PlanKey(plan.PlanId), plan, json)),
        };
        foreach (var key in (Func<RegisteredPlan, string>[])[DueKey, SettingKey])
        {
            if (old is not null && key(old) != key(plan))
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, key(old)), ETag.All));
            }

            actions.Add(new(TableTransactionActionType.UpsertReplace, Row(key(plan), plan, json)));
        }

        var counts = new RegisterSummaryCounts();
        if (old is not null)
        {
            counts.Add(old, -1);
        }

        counts.Add(plan, +1);
        var shardKey = SummaryKey(plan.PlanId, attempt);
        var shard = await index.GetEntityIfExistsAsync<TableEntity>(Partition, shardKey, cancellationToken: cancellationToken);
        var total = shard.HasValue ? JsonSerializer.Deserialize<RegisterSummaryCounts>(shard.Value!.GetString(JsonColumn), TableJson.Options)! : new RegisterSummaryCounts();
        total.Merge(counts);
        var summary = new TableEntity(Partition, shardKey) { [JsonColumn] = JsonSerializer.Serialize(total, TableJson.Options) };
        actions.Add(shard.HasValue
            ? new(TableTransactionActionType.UpdateReplace, summary, shard.Value!.ETag)
            : new(TableTransactionActionType.Add, summary));
        return actions;
    }

    /// <summary>Written before the transaction and idempotent: a retry rewrites the new row and deletes the old one again.</summary>
    async Task WriteByCaseworkerAsync(RegisteredPlan? old, RegisteredPlan plan, string json, CancellationToken cancellationToken)
    {
        await byCaseworker.UpsertEntityAsync(Row(DueRow(plan), plan, json, CaseworkerPartition(plan)), TableUpdateMode.Replace, cancellationToken);
        if (old is not null && (CaseworkerPartition(old) != CaseworkerPartition(plan) || DueRow(old) != DueRow(plan)))
        {
            await byCaseworker.DeleteEntityAsync(CaseworkerPartition(old), DueRow(old), ETag.All, cancellationToken);
        }
    }

    public async Task<RegisterSummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var total = new RegisterSummaryCounts();
        await foreach (var row in index.QueryAsync<TableEntity>(Range("sum:"), select: [JsonColumn], cancellationToken: cancellationToken))
        {
            total.Merge(JsonSerializer.Deserialize<RegisterSummaryCounts>(row.GetString(JsonColumn), TableJson.Options)!);
        }

        return total.ToSummary();
    }

    /// <summary>
    /// Reads the range the query's order and caseworker pick, filtered by the table service; with no filter and an
    /// ascending sort only the rows up to the slice's end are read and the count is the summary's.
    /// </summary>
    public Task<RegisterSlice> QueryAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        QueryAsync(query, summary: null, cancellationToken);

    /// <summary>The slice and the summary; an unfiltered slice takes its count from that summary, so it is read once.</summary>
    public async Task<(RegisterSlice Slice, RegisterSummary Summary)> QueryWithSummaryAsync(RegisterQuery query, CancellationToken cancellationToken = default)
    {
        var summary = await SummaryAsync(cancellationToken);
        return (await QueryAsync(query, summary, cancellationToken), summary);
    }

    async Task<RegisterSlice> QueryAsync(RegisterQuery query, RegisterSummary? summary, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        var (table, range) = query.Caseworker.Length > 0
            ? (byCaseworker, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(query.Caseworker.ToLowerInvariant())}"))
            : (index, Range(query.Sort switch { RegisterSort.Plan => "plan:", RegisterSort.Setting => "setting:", _ => "due:" }));
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

            var ordered = query.Order(plans);
            return new RegisterSlice(ordered.Skip(query.Skip).Take(query.Take ?? int.MaxValue).ToList(), (summary ?? await SummaryAsync(cancellationToken)).Plans);
        }

        await foreach (var row in table.QueryAsync<TableEntity>(range + Filters(query), select: [JsonColumn], cancellationToken: cancellationToken))
        {
            plans.Add(Read(row.GetString(JsonColumn)));
        }

        return query.Slice(query.Order(plans));
    }

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

    static TableEntity Row(string rowKey, RegisteredPlan plan, string json, string partition = Partition) => new(partition, rowKey)
    {
        [JsonColumn] = json,
        ["NextReviewDue"] = Day(plan.Entry.NextReviewDue),
        ["Status"] = RegisterQuery.StatusOf(plan.Entry),
        ["Ceased"] = plan.Entry.Ceased,
        ["Setting"] = plan.Entry.SettingName,
        ["SettingType"] = plan.Entry.SettingType.ToString(),
        ["PlanUpper"] = plan.PlanId.ToUpperInvariant(),
        ["Initials"] = plan.Entry.ChildInitials.ToUpperInvariant(),
    };

    static RegisteredPlan Read(string json) =>
        JsonSerializer.Deserialize<RegisteredPlan>(json, TableJson.Options) ?? throw new InvalidDataException("An index row holds no plan.");

    static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string PlanKey(string planId) => "plan:" + TableKeys.Escape(planId);

    static string DueKey(RegisteredPlan plan) => "due:" + DueRow(plan);

    static string DueRow(RegisteredPlan plan) => Day(plan.Entry.NextReviewDue) + TableKeys.Separator + TableKeys.Escape(plan.PlanId);

    /// <summary>
    /// The setting's name as 4 hex digits a character (upper case) and a 0000 end: RowKey order is then the page's
    /// order (ignoring case, "Oak" before "Oak Primary"), which the name itself with a separator would not give.
    /// </summary>
    static string SettingKey(RegisteredPlan plan) =>
        "setting:" + string.Concat(plan.Entry.SettingName.ToUpperInvariant().Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)))
        + "0000" + TableKeys.Separator + TableKeys.Escape(plan.PlanId);

    static string CaseworkerPartition(RegisteredPlan plan) => TableKeys.Escape(plan.CaseworkerEmail.ToLowerInvariant());

    /// <summary>
    /// The shard that takes this attempt's summary change: any shard will do, since the summary is their sum; a retry
    /// moves to another, away from the writer it collided with. (string.GetHashCode differs between processes.)
    /// </summary>
    static string SummaryKey(string planId, int attempt)
    {
        var hash = 17u + (uint)attempt;
        foreach (var c in planId)
        {
            hash = unchecked((hash * 31) + c);
        }

        return "sum:" + (hash % SummaryShards).ToString("00", CultureInfo.InvariantCulture);
    }

    static string Range(string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");

    Task EnsureCreatedAsync(CancellationToken cancellationToken) => creation.RunAsync(cancellationToken);
}
