using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Workflows.InMemory;

/// <summary>The open-assessments index of a simulation or a test.</summary>
public sealed class InMemoryOpenAssessments : IOpenAssessments
{
    readonly Dictionary<string, RunningAssessment> open = new(StringComparer.Ordinal);
    readonly HashSet<string> closed = new(StringComparer.Ordinal);
    readonly Lock gate = new();

    public Task OpenAsync(RunningAssessment assessment, CancellationToken cancellationToken = default)
    {
        Open(assessment);
        return Task.CompletedTask;
    }

    public Task CloseAsync(string caseId, CancellationToken cancellationToken = default)
    {
        Close(caseId);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<RunningAssessment> ListOpenAsync(CancellationToken cancellationToken = default) => All().ToAsync(cancellationToken);

    public void Open(RunningAssessment assessment)
    {
        lock (gate)
        {
            if (!closed.Contains(assessment.CaseId))
            {
                open[assessment.CaseId] = assessment;
            }
        }
    }

    public void Close(string caseId)
    {
        lock (gate)
        {
            closed.Add(caseId);
            open.Remove(caseId);
        }
    }

    /// <summary>The open assessments, oldest request first.</summary>
    public IReadOnlyList<RunningAssessment> All()
    {
        lock (gate)
        {
            return [.. open.Values.OrderBy(a => a.RequestedOn).ThenBy(a => a.CaseId, StringComparer.Ordinal)];
        }
    }
}
