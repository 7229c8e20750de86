using System.Text.Json;
using SendWorkflows.Contract;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Workflows;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Hosting;

namespace SendWorkflows.Web.Intake;

/// <summary>
/// The one way into the workflows for every channel. Skips an event id seen before (the contract's "same id twice
/// has the effect of once"), refuses an event whose dates are out of their window on the case clock
/// (<see cref="CaseEventDates"/>), dispatches the rest and keeps every refusal in the rejected-events store with its
/// reason. Logs carry event ids, case ids and types only.
/// </summary>
public sealed class CaseEventIntake(
    IProcessedEventStore processed,
    IRejectedEventStore rejected,
    IWorkflowEventDispatcher dispatcher,
    TimeProvider clock,
    ILogger<CaseEventIntake> logger) : ICaseEventSink
{
    public async Task<EventResult> SubmitAsync(CaseEvent caseEvent, string source, CancellationToken cancellationToken = default)
    {
        using var activity = HostTelemetry.ActivitySource.StartActivity("case-event");
        activity?.SetTag("sendworkflows.case_id", caseEvent.CaseId);
        activity?.SetTag("sendworkflows.event_type", caseEvent.Type);

        if (await processed.WasProcessedAsync(caseEvent.CaseId, caseEvent.Id, cancellationToken))
        {
            logger.LogInformation("Event {EventId} ({Type}) for case {CaseId} from {Source} was seen before; ignored",
                Clean(caseEvent.Id), caseEvent.Type, Clean(caseEvent.CaseId), source);
            return Count(new EventResult(caseEvent.Id, caseEvent.CaseId, caseEvent.Type, EventStatus.Duplicate), source);
        }

        var json = JsonSerializer.Serialize(caseEvent, caseEvent.GetType(), TableJson.Options);
        var outcome = CaseEventDates.ProblemOn(caseEvent, Pages.UkDate.Today(clock)) is { } dates
            ? DispatchOutcome.Refused(dates)
            : await dispatcher.DispatchAsync(caseEvent, cancellationToken);
        if (!outcome.Applied)
        {
            var reason = outcome.Reason ?? "the workflow refused the event";
            if (!outcome.AlreadyKept)
            {
                await rejected.RecordAsync(new RejectedEvent(source, reason, caseEvent.Id, caseEvent.CaseId, caseEvent.Type, caseEvent.On, Raw: json), cancellationToken);
            }

            logger.LogWarning("Event {EventId} ({Type}) for case {CaseId} from {Source} rejected: {Reason}",
                Clean(caseEvent.Id), caseEvent.Type, Clean(caseEvent.CaseId), source, Pages.LogText.Clean(reason, 1000));
            return Count(new EventResult(caseEvent.Id, caseEvent.CaseId, caseEvent.Type, EventStatus.Rejected, reason), source);
        }

        if (!await processed.MarkProcessedAsync(
                new ProcessedEvent(caseEvent.Id, caseEvent.CaseId, caseEvent.Type, caseEvent.On, source, clock.GetUtcNow(), json), cancellationToken))
        {
            // The same event arrived twice at once (say over HTTP and the queue) and the other copy was recorded
            // first: the workflows recognise the repeat by its id, so it is a duplicate, not a second application.
            logger.LogInformation("Event {EventId} ({Type}) for case {CaseId} from {Source} arrived at the same time as its repeat; ignored",
                Clean(caseEvent.Id), caseEvent.Type, Clean(caseEvent.CaseId), source);
            return Count(new EventResult(caseEvent.Id, caseEvent.CaseId, caseEvent.Type, EventStatus.Duplicate), source);
        }

        logger.LogInformation("Event {EventId} ({Type}) for case {CaseId} from {Source} applied",
            Clean(caseEvent.Id), caseEvent.Type, Clean(caseEvent.CaseId), source);
        return Count(new EventResult(caseEvent.Id, caseEvent.CaseId, caseEvent.Type, EventStatus.Accepted), source);
    }

    /// <summary>Keeps an item the contract reader could not turn into an event (bad field, unknown type), with its text.</summary>
    public async Task<EventResult> RecordUnreadableAsync(IntakeRejection rejection, string source, CancellationToken cancellationToken = default)
    {
        var (id, caseId, type) = (rejection.EventId, rejection.CaseId, rejection.Type);
        var reason = rejection.Reason; // it names its field already
        await rejected.RecordAsync(
            new RejectedEvent(source, reason, id, caseId, type, Line: rejection.Line, Raw: rejection.Redacted, Field: rejection.Field), cancellationToken);
        logger.LogWarning("Unreadable event {EventId} for case {CaseId} from {Source} (line {Line}) rejected: {Reason}",
            Clean(id), Clean(caseId), source, rejection.Line, Pages.LogText.Clean(rejection.Reason, 1000));
        return Count(new EventResult(id, caseId, type, EventStatus.Rejected, reason), source);
    }

    /// <summary>Ids come from outside: a newline in one must not forge a log line, nor 200,000 characters fill one.</summary>
    static string? Clean(string? text) => Pages.LogText.Clean(text);

    static EventResult Count(EventResult result, string source)
    {
        HostTelemetry.CaseEvents.Add(1, new("source", source), new("status", result.Status.ToString()));
        return result;
    }
}
