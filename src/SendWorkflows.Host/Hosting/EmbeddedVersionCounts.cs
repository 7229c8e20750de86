using System.Runtime.CompilerServices;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;
using SendWorkflows.Web.Dashboard;

namespace SendWorkflows.Host.Hosting;

/// <summary>/dashboard/versions under <c>serve</c>: the embedded runtime's store keeps each instance's version (ADR 0007, 0118).</summary>
public sealed class EmbeddedVersionCounts(IOrchestrationStore store) : IWorkflowVersionCounts
{
    public Task<IReadOnlyList<VersionCount>> CountAsync(CancellationToken cancellationToken) =>
        VersionTally.OfAsync(RunningAsync(cancellationToken), cancellationToken);

    async IAsyncEnumerable<(string Orchestrator, string? Version)> RunningAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending] };
        await foreach (var record in store.QueryInstancesAsync(query, cancellationToken))
        {
            yield return (record.Name, record.Version);
        }
    }
}
