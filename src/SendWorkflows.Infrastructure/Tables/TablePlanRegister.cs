using Azure.Data.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// <see cref="IPlanRegister"/> in the <c>planregister</c> table, one row per plan, with the weekly digest's index
/// (<see cref="DigestIndexRows{T}"/>) and the dashboard's <see cref="IRegisterIndex"/> (<see cref="TableRegisterIndex"/>),
/// the index written first so that a plan in the register is always in it.
/// </summary>
public sealed class TablePlanRegister : IPlanRegister, IRegisterIndex
{
    public const string TableName = "planregister";
    const string Partition = "plan";
    readonly JsonEntityTable<RegisteredPlan> table;
    readonly DigestIndexRows<RegisteredPlan> digest;
    readonly TableRegisterIndex index;

    public TablePlanRegister(TableServiceClient service)
    {
        table = new(service, TableName);
        digest = new(table, Partition);
        index = new(service);
    }

    public async Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        // A plan new to the index was never written here either (the index is written first): no old bucket to read.
        var isNew = await index.WriteAsync(plan, cancellationToken);
        await digest.UpsertAsync(TableKeys.Escape(plan.PlanId), plan, DigestIndex.For(plan.Entry),
            new Dictionary<string, object?> { ["NextReviewDue"] = plan.Entry.NextReviewDue.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["Status"] = plan.Entry.Status },
            cancellationToken, mainRowAbsent: isNew);
    }

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default) =>
        table.GetAsync(Partition, TableKeys.Escape(planId), cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        digest.ReadAsync(until, cancellationToken);

    /// <summary>The digest index's "always" partition alone: the months' range before it would be one more scan on Azurite (ADR 0106).</summary>
    public IAsyncEnumerable<RegisteredPlan> EscalatedOrWaitingAsync(CancellationToken cancellationToken = default) =>
        digest.ReadAlwaysAsync(cancellationToken);

    /// <summary>
    /// Files the rows written before the digest index existed, once (ADR 0115), then upgrades the register's index to
    /// ADR 0106's layout and repairs any write that stopped after its transaction; returns how many plans each touched.
    /// </summary>
    public async Task<int> BackfillDigestIndexAsync(CancellationToken cancellationToken = default) =>
        await digest.BackfillAsync(value => UpsertAsync(value, cancellationToken), cancellationToken) + await index.UpgradeAsync(cancellationToken);

    /// <summary>Marks the index's by-due copies still waiting for a transaction to ride on (ADR 0134); the hosts' pass does it too.</summary>
    public Task FlushIndexMarkingsAsync(CancellationToken cancellationToken = default) => index.FlushMarkingsAsync(cancellationToken);

    public Task<RegisterSlice> QueryAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        index.QueryAsync(query, cancellationToken);

    public Task<RegisterSummary> SummaryAsync(CancellationToken cancellationToken = default) =>
        index.SummaryAsync(cancellationToken);

    public Task<(RegisterSlice Slice, RegisterSummary Summary)> QueryWithSummaryAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        index.QueryWithSummaryAsync(query, cancellationToken);
}
