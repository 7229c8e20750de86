using Azure.Data.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary><see cref="IPlanRegister"/> in the <c>planregister</c> table, one row per plan, with the weekly digest's index (<see cref="DigestIndexRows{T}"/>).</summary>
public sealed class TablePlanRegister : IPlanRegister
{
    public const string TableName = "planregister";
    const string Partition = "plan";
    readonly JsonEntityTable<RegisteredPlan> table;
    readonly DigestIndexRows<RegisteredPlan> digest;

    public TablePlanRegister(TableServiceClient service)
    {
        table = new(service, TableName);
        digest = new(table, Partition);
    }

    public Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default) =>
        digest.UpsertAsync(TableKeys.Escape(plan.PlanId), plan, DigestIndex.For(plan.Entry),
            new Dictionary<string, object?> { ["NextReviewDue"] = plan.Entry.NextReviewDue.ToString("yyyy-MM-dd"), ["Status"] = plan.Entry.Status },
            cancellationToken);

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default) =>
        table.GetAsync(Partition, TableKeys.Escape(planId), cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        digest.ReadAsync(until, cancellationToken);

    /// <summary>Files the rows written before the digest index existed, once (ADR 0115); returns how many.</summary>
    public Task<int> BackfillDigestIndexAsync(CancellationToken cancellationToken = default) =>
        digest.BackfillAsync(value => UpsertAsync(value, cancellationToken), cancellationToken);
}
