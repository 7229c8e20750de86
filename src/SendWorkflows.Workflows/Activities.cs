using Microsoft.DurableTask;

namespace SendWorkflows.Workflows;

/// <summary>Keeps an event a workflow instance found impossible in its state, with the reason.</summary>
public sealed class RecordRejectedEventActivity(IRejectedEventStore store) : TaskActivity<RejectedEvent, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RejectedEvent input)
    {
        await store.RecordAsync(input);
        return true;
    }
}

/// <summary>
/// Records the outcome of a finished assessment or review cycle. An assessment's outcome is recorded as its workflow
/// ends, so it also closes the assessment in the open-assessments index (docs/adr/0115).
/// </summary>
public sealed class RecordOutcomeActivity(IOutcomeLog log, IOpenAssessments? openAssessments = null) : TaskActivity<RecordedOutcome, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordedOutcome input)
    {
        await log.RecordAsync(input);
        if (input.Assessment is { } assessment && openAssessments is not null)
        {
            await openAssessments.CloseAsync(assessment.CaseId);
        }

        return true;
    }
}
