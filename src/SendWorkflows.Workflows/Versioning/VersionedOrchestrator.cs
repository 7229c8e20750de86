using Microsoft.DurableTask;

namespace SendWorkflows.Workflows.Versioning;

/// <summary>
/// One released version of an orchestrator's code. <c>newest</c> is the newest version registered under the same
/// name: an eternal workflow passes it to <c>ContinueAsNewOptions.NewVersion</c> so its next cycle moves there.
/// </summary>
public delegate Task<TOutput> OrchestratorVersionRun<TInput, TOutput>(TaskOrchestrationContext context, TInput input, string newest);

/// <summary>
/// An orchestrator registered once under its name that runs the code of the version its instance started on
/// (<see cref="TaskOrchestrationContext.Version"/>; none stored means version 1), on every engine (ADR 0007).
/// A released version's code is never edited: a change that would replay differently is a new version.
/// </summary>
public abstract class VersionedOrchestrator<TInput, TOutput> : TaskOrchestrator<TInput, TOutput>
{
    readonly IReadOnlyDictionary<string, OrchestratorVersionRun<TInput, TOutput>> versions;

    protected VersionedOrchestrator(params (string Version, OrchestratorVersionRun<TInput, TOutput> Run)[] versions)
    {
        if (versions.Length == 0)
        {
            throw new ArgumentException("An orchestrator needs at least one version.", nameof(versions));
        }

        this.versions = versions.ToDictionary(v => v.Version, v => v.Run, StringComparer.Ordinal);
        Newest = versions.Select(v => v.Version).MaxBy(WorkflowVersions.Number)!;
    }

    /// <summary>The version new instances start on and eternal instances move to at their next cycle.</summary>
    public string Newest { get; }

    /// <summary>Every version this orchestrator can still run, oldest first.</summary>
    public IReadOnlyList<string> Versions => [.. versions.Keys.OrderBy(WorkflowVersions.Number)];

    public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input)
    {
        var version = WorkflowVersions.Of(context);
        if (!versions.TryGetValue(version, out var run))
        {
            throw new InvalidOperationException(
                $"{context.Name.Name} has no version {version}; registered: {string.Join(", ", Versions)}. Old versions stay registered until no instance runs them.");
        }

        return run(context, input, Newest);
    }
}
