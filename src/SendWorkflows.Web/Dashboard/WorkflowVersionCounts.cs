using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Web.Dashboard;

/// <summary>
/// How many running and pending instances each orchestrator has on each version, for /dashboard/versions. Each host
/// answers from its own engine's store: the SDK's <c>OrchestrationMetadata</c> (Microsoft.DurableTask.Client 1.28.0)
/// carries no version, so <c>DurableTaskClient</c>'s query cannot (ADR 0118).
/// </summary>
public interface IWorkflowVersionCounts
{
    Task<IReadOnlyList<VersionCount>> CountAsync(CancellationToken cancellationToken);
}

/// <summary>The one tally both hosts' counts use: an instance stored without a version runs version 1.</summary>
public static class VersionTally
{
    public static async Task<IReadOnlyList<VersionCount>> OfAsync(IAsyncEnumerable<(string Orchestrator, string? Version)> instances, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<(string, string), int>();
        await foreach (var (orchestrator, version) in instances.WithCancellation(cancellationToken))
        {
            var key = (orchestrator, WorkflowVersions.OrFirst(version));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return [.. counts
            .Select(c => new VersionCount(c.Key.Item1, c.Key.Item2, c.Value))
            .OrderBy(c => c.Orchestrator, StringComparer.Ordinal).ThenBy(c => WorkflowVersions.Number(c.Version))];
    }
}
