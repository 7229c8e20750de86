using SendWorkflows.Domain;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Notifications;

namespace SendWorkflows.Workflows.Timetables;

/// <summary>What a timetable step does when its time comes.</summary>
public enum StepAction
{
    /// <summary>Record the step's notification.</summary>
    Notify,

    /// <summary>Record the workflow's outcome so far (a limit passed with nothing done yet); no notification.</summary>
    RecordOutcome,
}

/// <summary>
/// One line of a workflow's timetable: notify <paramref name="To"/> (copying <paramref name="Cc"/>) of
/// <paramref name="Kind"/> on <paramref name="On"/>, if the step is still <paramref name="Wanted"/> then.
/// <paramref name="Name"/> identifies the step within its workflow (and cycle), so it is taken at most once.
/// </summary>
public sealed record TimetableStep(
    string Name,
    DateOnly On,
    bool Wanted,
    NotificationKind Kind,
    IReadOnlyList<Recipient> To,
    IReadOnlyList<Recipient> Cc,
    DateOnly? DueOn,
    StepAction Action = StepAction.Notify)
{
    /// <summary>For a missed-deadline alert: the statutory step that was missed, so the e-mail can name it.</summary>
    public StatutoryStep? MissedStep { get; init; }

    /// <summary>Notifications go out on working days; the statutory <see cref="DueOn"/> never moves.</summary>
    public DateOnly SendOn => WorkflowCalendar.SendDate(On);

    public static TimetableStep Notify(
        string name, DateOnly on, bool wanted, NotificationKind kind, IReadOnlyList<Recipient> to, DateOnly? dueOn,
        IReadOnlyList<Recipient>? cc = null) =>
        new(name, on, wanted, kind, to, cc ?? [], dueOn);

    /// <summary>Alerts the SEN manager the day after <paramref name="deadline"/> if <paramref name="missed"/> is still not done then.</summary>
    public static TimetableStep DeadlineMissed(string name, DateOnly deadline, bool wanted, StatutoryStep missed) =>
        Notify(name, deadline.AddDays(1), wanted, NotificationKind.StatutoryDeadlineMissed, [Recipient.SenManager], deadline) with { MissedStep = missed };

    /// <summary>A checkpoint that records the outcome so far on <paramref name="on"/>, if still wanted then.</summary>
    public static TimetableStep RecordOutcome(string name, DateOnly on, bool wanted) =>
        new(name, on, wanted, default, [], [], on, StepAction.RecordOutcome);
}

/// <summary>Picks the step to wait for next from a timetable.</summary>
public static class Timetable
{
    /// <summary>
    /// The earliest wanted step not yet taken (ties in timetable order). Steps that fell due before
    /// <paramref name="skipBefore"/> (a plan imported mid-cycle) are skipped, never sent late.
    /// </summary>
    public static TimetableStep? Next(IEnumerable<TimetableStep> timetable, IReadOnlySet<string> taken, DateOnly? skipBefore = null)
    {
        // One pass instead of Where/OrderBy: every workflow step asks this, and the sorting iterators were a measured
        // share of a simulated year's allocations. A strictly earlier send date replaces the pick, so ties keep timetable order.
        TimetableStep? next = null;
        var nextSendOn = DateOnly.MaxValue;
        foreach (var step in timetable)
        {
            if (!step.Wanted || taken.Contains(step.Name))
            {
                continue;
            }

            var sendOn = step.SendOn;
            if ((skipBefore is not { } start || sendOn >= start) && (next is null || sendOn < nextSendOn))
            {
                (next, nextSendOn) = (step, sendOn);
            }
        }

        return next;
    }
}
