using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Workflows;

/// <summary>
/// The index of assessments under way, kept as they run (docs/adr/0115): the dispatcher opens an entry when it starts an
/// assessment and the activity that records its outcome closes it. The weekly digest reads the open ones only.
/// Both writes are safe to repeat: a closed assessment is never opened again, so a late duplicate request cannot bring it back.
/// </summary>
public interface IOpenAssessments
{
    /// <summary>Files <paramref name="assessment"/> as open, unless its case's assessment has already been closed.</summary>
    Task OpenAsync(RunningAssessment assessment, CancellationToken cancellationToken = default);

    /// <summary>Closes the case's assessment (its workflow recorded the outcome); closing twice is harmless.</summary>
    Task CloseAsync(string caseId, CancellationToken cancellationToken = default);

    /// <summary>The open assessments, oldest request first (then by case id).</summary>
    IAsyncEnumerable<RunningAssessment> ListOpenAsync(CancellationToken cancellationToken = default);
}
