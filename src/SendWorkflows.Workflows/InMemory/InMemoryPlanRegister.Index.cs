namespace SendWorkflows.Workflows.InMemory;

/// <summary>The in-memory register's index (ADR 0103): plans by caseworker and the summary, kept as plans are written.</summary>
public sealed partial class InMemoryPlanRegister : IRegisterIndex
{
    readonly Dictionary<string, SortedDictionary<string, RegisteredPlan>> byCaseworker = new(StringComparer.OrdinalIgnoreCase);
    readonly RegisterSummaryCounts summary = new();

    public Task<RegisterSlice> QueryAsync(RegisterQuery query, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IEnumerable<RegisteredPlan> candidates = query.Caseworker.Length > 0
                ? byCaseworker.GetValueOrDefault(query.Caseworker)?.Values ?? Enumerable.Empty<RegisteredPlan>()
                : byPlan.Values;
            return Task.FromResult(query.Slice(query.Order(candidates)));
        }
    }

    public Task<RegisterSummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult(summary.ToSummary());
        }
    }

    /// <summary>Called under the gate with the plan's previous version (null when new).</summary>
    void Index(RegisteredPlan? old, RegisteredPlan plan)
    {
        if (old is not null)
        {
            summary.Add(old, -1);
            if (byCaseworker.TryGetValue(old.CaseworkerEmail, out var previous))
            {
                previous.Remove(old.PlanId);
            }
        }

        summary.Add(plan, +1);
        if (!byCaseworker.TryGetValue(plan.CaseworkerEmail, out var mine))
        {
            byCaseworker[plan.CaseworkerEmail] = mine = new SortedDictionary<string, RegisteredPlan>(StringComparer.Ordinal);
        }

        mine[plan.PlanId] = plan;
    }
}
