using SendWorkflows.Domain;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Workflows.Events;

namespace SendWorkflows.Workflows.Advice;

/// <summary>
/// The advice requests a workflow has running: one <see cref="AdviceRequestOrchestrator"/> per contributor, which
/// the parent tells when the advice arrives and stops when the case no longer needs it.
/// </summary>
public sealed class AdviceRequests(TaskOrchestrationContext context, string instancePrefix)
{
    readonly List<(string ContactKey, string InstanceId, Task<AdviceOutcome> Outcome)> running = [];
    readonly HashSet<string> signalled = new(StringComparer.Ordinal);

    public void Start(AdviceLadderInput request)
    {
        var instanceId = $"{instancePrefix}:advice:{request.ContactKey}";
        var outcome = context.CallSubOrchestratorAsync<AdviceOutcome>(
            nameof(AdviceRequestOrchestrator), request, new SubOrchestrationOptions(instanceId: instanceId) { Version = WorkflowVersions.NewestOf(nameof(AdviceRequestOrchestrator)) });
        running.Add((request.ContactKey, instanceId, outcome));
    }

    public void Received(string contactKey, DateOnly on) => Signal(contactKey, new AdviceSignal(AdviceSignalKind.Received, on));

    /// <summary>Tells every request still being chased that the review meeting moved to <paramref name="meetingOn"/>.</summary>
    public void MeetingMoved(DateOnly meetingOn, DateOnly on)
    {
        foreach (var (contactKey, instanceId, _) in running.Where(r => !signalled.Contains(r.ContactKey)))
        {
            context.SendEvent(instanceId, EventNames.AdviceSignal, new AdviceSignal(AdviceSignalKind.MeetingMoved, on, meetingOn));
        }
    }

    /// <summary>Tells every request still being chased that later escalations copy <paramref name="caseworkerEmail"/>.</summary>
    public void CaseworkerChanged(string caseworkerEmail, DateOnly on)
    {
        foreach (var (_, instanceId, _) in running.Where(r => !signalled.Contains(r.ContactKey)))
        {
            context.SendEvent(instanceId, EventNames.AdviceSignal, new AdviceSignal(AdviceSignalKind.CaseworkerChanged, on, NewCaseworkerEmail: caseworkerEmail));
        }
    }

    /// <summary>Stops every request still being chased and returns each contributor's outcome, in request order.</summary>
    public async Task<IReadOnlyList<AdviceOutcome>> StopAllAsync(DateOnly on)
    {
        foreach (var (contactKey, _, _) in running)
        {
            Signal(contactKey, new AdviceSignal(AdviceSignalKind.Stop, on));
        }

        return await Task.WhenAll(running.Select(r => r.Outcome));
    }

    void Signal(string contactKey, AdviceSignal signal)
    {
        var request = running.Find(r => r.ContactKey == contactKey);
        if (request.InstanceId is not null && signalled.Add(contactKey))
        {
            context.SendEvent(request.InstanceId, EventNames.AdviceSignal, signal);
        }
    }
}
