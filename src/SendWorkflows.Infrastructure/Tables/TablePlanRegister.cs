using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary><see cref="IPlanRegister"/> in the <c>planregister</c> table, one row per plan.</summary>
public sealed class TablePlanRegister(TableServiceClient service) : IPlanRegister
{
    public const string TableName = "planregister";
    const string Partition = "plan";
    readonly JsonEntityTable<RegisteredPlan> table = new(service, TableName);

    public Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default) =>
        table.UpsertAsync(Partition, TableKeys.Escape(plan.PlanId), plan,
            new Dictionary<string, object?> { ["NextReviewDue"] = plan.Entry.NextReviewDue.ToString("yyyy-MM-dd"), ["Status"] = plan.Entry.Status },
            cancellationToken);

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default) =>
        table.GetAsync(Partition, TableKeys.Escape(planId), cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);
}
