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

/// <summary>Records the outcome of a finished assessment or review cycle.</summary>
public sealed class RecordOutcomeActivity(IOutcomeLog log) : TaskActivity<RecordedOutcome, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordedOutcome input)
    {
        await log.RecordAsync(input);
        return true;
    }
}
