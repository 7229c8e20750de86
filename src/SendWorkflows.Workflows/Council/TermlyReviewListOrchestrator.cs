using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Council;

/// <summary>The next term to send lists for: the first term starting after <paramref name="After"/>.</summary>
public sealed record TermlyReviewListInput(DateOnly After);

/// <summary>
/// Sends every setting the list of its reviews due next term, 2 weeks before each term starts (Code 9.172), forever.
/// Instance <see cref="InstanceId"/>.
/// </summary>
public sealed class TermlyReviewListOrchestrator : VersionedOrchestrator<TermlyReviewListInput, int>
{
    public TermlyReviewListOrchestrator()
        : base((WorkflowVersions.First, RunV1Async))
    {
    }

    public const string InstanceId = "council:termly-review-lists";

    /// <summary>Version 1, released: never edit its calls (docs/workflow-changes.md).</summary>
    static async Task<int> RunV1Async(TaskOrchestrationContext context, TermlyReviewListInput input, string newest)
    {
        var term = WorkflowCalendar.TermsStartingAfter(input.After, input.After.AddYears(1))[0];
        var sendOn = WorkflowCalendar.SendDate(term.ReviewListDue);

        var sent = 0;
        if (sendOn >= WorkflowSteps.Today(context))
        {
            await context.CreateTimer(WorkflowCalendar.ListAtUtc(sendOn), CancellationToken.None);
            sent = await context.CallActivityAsync<int>(
                nameof(SendTermlyReviewListsActivity), new TermlyReviewListRequest(sendOn, term.Start, term.End));
        }

        context.ContinueAsNew(new ContinueAsNewOptions { NewInput = new TermlyReviewListInput(term.Start), NewVersion = newest });
        return sent;
    }
}
