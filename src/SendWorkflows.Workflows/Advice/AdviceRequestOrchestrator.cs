using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Timetables;

namespace SendWorkflows.Workflows.Advice;

/// <summary>
/// Asks one contributor for advice and chases them up the ladder (reminder, overdue notice and escalation to their
/// manager, then their senior lead) until the parent workflow says the advice arrived or is no longer needed.
/// Started by <see cref="Assessment.AssessmentOrchestrator"/> and <see cref="Review.AnnualReviewOrchestrator"/>.
/// </summary>
public sealed class AdviceRequestOrchestrator : VersionedOrchestrator<AdviceLadderInput, AdviceOutcome>
{
    public AdviceRequestOrchestrator()
        : base((WorkflowVersions.First, RunV1Async))
    {
    }

    /// <summary>Version 1, released: never edit its calls (docs/workflow-changes.md).</summary>
    static async Task<AdviceOutcome> RunV1Async(TaskOrchestrationContext context, AdviceLadderInput input, string newest)
    {
        var role = await context.CallActivityAsync<ContactRole>(nameof(LookUpContactRoleActivity), input.ContactKey);
        var taken = new HashSet<string>();
        var chased = new List<string>();
        NotificationKind? highestChase = null;
        AdviceSignal? signal = null;

        while (signal is null)
        {
            var next = Timetable.Next(AdviceLadder.Steps(input, stillAwaited: true), taken, skipBefore: input.LadderStartsOn);
            signal = await WorkflowSteps.NextEventOrStepAsync<AdviceSignal>(context, EventNames.AdviceSignal, next);
            if (signal is { Kind: AdviceSignalKind.MeetingMoved, NewMeetingOn: { } meetingOn })
            {
                input = input.ForMovedMeeting(meetingOn, signal.On);
                signal = null;
                continue;
            }

            if (signal is { Kind: AdviceSignalKind.CaseworkerChanged, NewCaseworkerEmail: { } caseworker })
            {
                input = input with { CaseworkerEmail = caseworker };
                signal = null;
                continue;
            }

            if (signal is null && next is not null)
            {
                await WorkflowSteps.NotifyAsync(context, input.CaseId, next, Facts(input, role, [.. chased]));
                taken.Add(next.Name);
                chased.Add(AdviceLadder.Chased(next));
                highestChase = next.Kind == input.RequestKind ? highestChase : next.Kind;
            }
        }

        var receivedOn = signal.Kind == AdviceSignalKind.Received ? signal.On : (DateOnly?)null;
        return new AdviceOutcome(
            input.ContactKey, role, input.RequestedOn, input.DueOn, receivedOn,
            AdviceLadder.Status(input.DueOn, receivedOn, signal.On), highestChase);
    }

    static NotificationFacts Facts(AdviceLadderInput input, ContactRole role, IReadOnlyList<string> alreadyChased) => new()
    {
        ChildInitials = input.ChildInitials,
        ContactKey = input.ContactKey,
        ContactRole = role,
        RequestedOn = input.RequestedOn,
        MeetingOn = input.MeetingOn,
        AlreadyChased = alreadyChased,
        ResponseEvent = "AdviceReceived",
    };
}
