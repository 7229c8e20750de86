using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// <see cref="IPlanRegister"/> in the <c>planregister</c> table, one row per plan, and its <see cref="IRegisterIndex"/>
/// (<see cref="TableRegisterIndex"/>), written first so that a plan in the register is always in its index.
/// </summary>
public sealed class TablePlanRegister(TableServiceClient service) : IPlanRegister, IRegisterIndex
{
    public const string TableName = "planregister";
    const string Partition = "plan";
    readonly JsonEntityTable<RegisteredPlan> table = new(service, TableName);
    readonly TableRegisterIndex index = new(service);

    public async Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        await index.WriteAsync(plan, cancellationToken);
        await table.UpsertAsync(Partition, TableKeys.Escape(plan.PlanId), plan,
            new Dictionary<string, object?> { ["NextReviewDue"] = plan.Entry.NextReviewDue.ToString("yyyy-MM-dd"), ["Status"] = plan.Entry.Status },
            cancellationToken);
    }

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default) =>
        table.GetAsync(Partition, TableKeys.Escape(planId), cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);

    public Task<RegisterSlice> QueryAsync(RegisterQuery query, CancellationToken cancellationToken = default) =>
        index.QueryAsync(query, cancellationToken);

    public Task<RegisterSummary> SummaryAsync(CancellationToken cancellationToken = default) =>
        index.SummaryAsync(cancellationToken);
}
