using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Host.Intake;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>Test doubles for the workflows' ports: plain lists the tests can read back.</summary>
public sealed class ListRejectedEventStore : IRejectedEventStore, IRejectedItems
{
    readonly SendWorkflows.Workflows.InMemory.InMemoryRejectedEventStore items = new();

    public ConcurrentQueue<RejectedEvent> Items { get; } = new();

    public async Task RecordAsync(RejectedEvent rejected, CancellationToken cancellationToken = default)
    {
        Items.Enqueue(rejected);
        await items.RecordAsync(rejected, cancellationToken);
    }

    public IAsyncEnumerable<RejectedEvent> AllAsync(CancellationToken cancellationToken = default) => Items.ToAsync(cancellationToken);

    public IAsyncEnumerable<RejectedItem> ItemsAsync(CancellationToken cancellationToken = default) => items.ItemsAsync(cancellationToken);

    public Task<RejectedItem?> FindAsync(string key, CancellationToken cancellationToken = default) => items.FindAsync(key, cancellationToken);

    public Task<bool> SettleAsync(string key, RejectedItemSettlement settlement, CancellationToken cancellationToken = default) =>
        items.SettleAsync(key, settlement, cancellationToken);
}

public sealed class ListNotificationLog : INotificationLog
{
    public ConcurrentQueue<Notification> Items { get; } = new();

    public Task<bool> RecordAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        Items.Enqueue(notification);
        return Task.FromResult(true);
    }

    public IAsyncEnumerable<Notification> ForCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        Items.Where(n => n.CaseId == caseId).ToAsync(cancellationToken);

    public IAsyncEnumerable<Notification> AllAsync(CancellationToken cancellationToken = default) => Items.ToAsync(cancellationToken);

    public IAsyncEnumerable<Notification> OnDatesAsync(DateOnly from, DateOnly until, CancellationToken cancellationToken = default) =>
        Items.Where(n => n.On >= from && n.On < until).OrderBy(n => n.On).ThenBy(n => n.Key, StringComparer.Ordinal).ToAsync(cancellationToken);
}

public sealed class ListPlanRegister : IPlanRegister
{
    public ConcurrentDictionary<string, RegisteredPlan> Plans { get; } = new();

    public Task UpsertAsync(RegisteredPlan plan, CancellationToken cancellationToken = default)
    {
        Plans[plan.PlanId] = plan;
        return Task.CompletedTask;
    }

    public Task<RegisteredPlan?> FindAsync(string planId, CancellationToken cancellationToken = default) => Task.FromResult(Plans.GetValueOrDefault(planId));

    public IAsyncEnumerable<RegisteredPlan> AllAsync(CancellationToken cancellationToken = default) => Plans.Values.ToAsync(cancellationToken);

    public IAsyncEnumerable<RegisteredPlan> ForWeeklyDigestAsync(DateOnly until, CancellationToken cancellationToken = default) =>
        Plans.Values.Where(p => Workflows.Council.DigestIndex.For(p.Entry) is { } bucket && Workflows.Council.DigestIndex.IsRead(bucket, until)).ToAsync(cancellationToken);
}

public sealed class ListOutcomeLog : IOutcomeLog
{
    public ConcurrentDictionary<string, RecordedOutcome> Outcomes { get; } = new();

    public Task RecordAsync(RecordedOutcome outcome, CancellationToken cancellationToken = default)
    {
        Outcomes[outcome.Key] = outcome;
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<RecordedOutcome> AllAsync(CancellationToken cancellationToken = default) => Outcomes.Values.ToAsync(cancellationToken);
}

/// <summary>
/// Stands in for the workflows: applies events to cases it knows (started by AssessmentRequested or an imported
/// plan) and refuses events for unknown cases, as the real dispatcher does; like it, opens a requested assessment in
/// the open-assessments index (ADR 0115) when the host has one.
/// </summary>
public sealed class RecordingDispatcher(IOpenAssessments? openAssessments = null) : IWorkflowEventDispatcher
{
    readonly ConcurrentDictionary<string, bool> knownCases = new();

    public ConcurrentQueue<CaseEvent> Dispatched { get; } = new();

    public ConcurrentQueue<PlanRecord> StartedPlans { get; } = new();

    public void Know(string caseId) => knownCases[caseId] = true;

    public async Task<DispatchOutcome> DispatchAsync(CaseEvent caseEvent, CancellationToken cancellationToken = default)
    {
        if (caseEvent is AssessmentRequested requested)
        {
            knownCases[caseEvent.CaseId] = true;
            if (openAssessments is not null)
            {
                await openAssessments.OpenAsync(new Workflows.Council.RunningAssessment(requested.CaseId, requested.ChildInitials, requested.On, requested.CaseworkerEmail), cancellationToken);
            }
        }
        else if (!knownCases.ContainsKey(caseEvent.CaseId))
        {
            return DispatchOutcome.Refused($"unknown case {caseEvent.CaseId}");
        }

        Dispatched.Enqueue(caseEvent);
        return DispatchOutcome.Done;
    }

    public Task<DispatchOutcome> StartPlanAsync(PlanRecord plan, CancellationToken cancellationToken = default)
    {
        knownCases[plan.PlanId] = true;
        StartedPlans.Enqueue(plan);
        return Task.FromResult(DispatchOutcome.Done);
    }
}

static class AsyncEnumerableExtensions
{
    public static async IAsyncEnumerable<T> ToAsync<T>(this IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var item in items.ToList())
        {
            yield return item;
        }
    }
}
