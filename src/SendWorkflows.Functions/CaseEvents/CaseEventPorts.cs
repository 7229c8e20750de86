using SendWorkflows.Contract;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Functions.CaseEvents;

/// <summary>
/// Parses one case event of contract section 2 from its JSON. Throws with a message naming what is wrong; parsing
/// does no I/O, so any failure is the message's fault and never worth a retry.
/// </summary>
public interface ICaseEventReader
{
    CaseEvent Read(string json);
}

/// <summary>What the workflows made of a delivered case event.</summary>
public abstract record CaseEventDelivery
{
    /// <summary>Started or signalled the case's workflow (or recognised a repeat of the same event id).</summary>
    public sealed record Accepted : CaseEventDelivery;

    /// <summary>Well formed but not acceptable: unknown case, or impossible in the case's current state.</summary>
    public sealed record Rejected(string Reason) : CaseEventDelivery;
}

/// <summary>
/// Hands a parsed case event to the workflows (start the case's workflow or raise the event on it), through
/// whichever client the host has: the real Durable Functions client here, the embedded runtime's in the local host.
/// </summary>
public interface ICaseEventDispatcher
{
    Task<CaseEventDelivery> DispatchAsync(CaseEvent caseEvent, DurableTaskClient client, CancellationToken cancellation);
}
