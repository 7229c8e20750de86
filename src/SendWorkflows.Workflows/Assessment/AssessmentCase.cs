using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Calendar;

namespace SendWorkflows.Workflows.Assessment;

/// <summary>
/// What has happened so far in one EHC needs assessment, and which events are possible next. Pure: the
/// orchestrator feeds it events and reads the timetable and the outcome from it.
/// </summary>
public sealed class AssessmentCase(AssessmentInput input)
{
    readonly HashSet<string> appliedEventIds = [input.RequestEventId];
    AssessmentInput current = input;
    readonly Dictionary<string, DateOnly> adviceRequested = new(StringComparer.Ordinal);
    readonly Dictionary<string, DateOnly> adviceReceived = new(StringComparer.Ordinal);
    readonly List<RecordedException> exceptions = [];
    readonly HashSet<string> stepsTaken = [];

    /// <summary>The request as it stands now: a placement or caseworker change replaces the setting or caseworker.</summary>
    public AssessmentInput Input => current;
    public DateOnly RequestedOn => current.RequestedOn;
    public DateOnly DecisionDue => WorkflowCalendar.DecisionDue(RequestedOn);
    public DateOnly NotToIssueDue => WorkflowCalendar.NotToIssueDue(RequestedOn);
    public DateOnly FinalPlanDue => WorkflowCalendar.FinalPlanDue(RequestedOn);

    public (AssessmentDecisionKind Kind, DateOnly On)? Decision { get; private set; }
    public DateOnly? DraftIssuedOn { get; private set; }
    public DateOnly? FinalIssuedOn { get; private set; }
    public DateOnly? NotIssuedOn { get; private set; }
    public IReadOnlyList<RecordedException> Exceptions => exceptions;
    public IReadOnlySet<string> StepsTaken => stepsTaken;
    public IReadOnlyCollection<string> AdviceContacts => adviceRequested.Keys;

    public bool HasEnded => End is not null;

    public AssessmentEnd? End =>
        Decision?.Kind == AssessmentDecisionKind.Decline ? AssessmentEnd.Declined
        : NotIssuedOn is not null ? AssessmentEnd.PlanNotIssued
        : FinalIssuedOn is not null ? AssessmentEnd.FinalPlanIssued
        : null;

    public DateOnly? EndedOn => End switch
    {
        AssessmentEnd.Declined => Decision!.Value.On,
        AssessmentEnd.PlanNotIssued => NotIssuedOn,
        AssessmentEnd.FinalPlanIssued => FinalIssuedOn,
        _ => null,
    };

    public bool HasApplied(string eventId) => appliedEventIds.Contains(eventId);

    public IReadOnlyList<string> AppliedEventIds => [.. appliedEventIds.Order(StringComparer.Ordinal)];

    public void StepTaken(string step) => stepsTaken.Add(step);

    /// <summary>Applies <paramref name="e"/>; returns why it is impossible now, or null when applied.</summary>
    public string? Apply(CaseEvent e)
    {
        var refusal = Refusal(e);
        appliedEventIds.Add(e.Id);
        if (refusal is not null)
        {
            return refusal;
        }

        switch (e)
        {
            case AssessmentDecision d: Decision = (d.Decision, d.On); break;
            case AdviceRequested a: adviceRequested[a.Contact] = a.On; break;
            case AdviceReceived a: adviceReceived[a.Contact] = a.On; break;
            case DraftPlanIssued d: DraftIssuedOn = d.On; break;
            case FinalPlanIssued f: FinalIssuedOn = f.On; break;
            case PlanNotIssued n: NotIssuedOn = n.On; break;
            case ExceptionRecorded x: exceptions.Add(new RecordedException(x.Reason, x.From, x.To, x.On)); break;
            case PlacementChanged p: current = current with { SettingName = p.SettingName, SettingEmail = p.SettingEmail, SettingType = p.SettingType }; break;
            case CaseworkerChanged c: current = current with { CaseworkerEmail = c.CaseworkerEmail }; break;
            case FamilyContactChanged f: current = current with { FamilyEmail = f.FamilyEmail }; break;
        }

        return null;
    }

    string? Refusal(CaseEvent e) => e switch
    {
        AssessmentDecision when Decision is { } d => $"the decision whether to assess was already made ({d.Kind}) on {d.On:yyyy-MM-dd}",
        AdviceRequested a when adviceRequested.TryGetValue(a.Contact, out var on) => $"advice from '{a.Contact}' was already requested on {on:yyyy-MM-dd}",
        AdviceReceived a when !adviceRequested.ContainsKey(a.Contact) => $"advice was never requested from '{a.Contact}' for this assessment",
        AdviceReceived a when adviceReceived.TryGetValue(a.Contact, out var on) => $"advice from '{a.Contact}' was already received on {on:yyyy-MM-dd}",
        DraftPlanIssued or FinalPlanIssued or PlanNotIssued when Decision?.Kind != AssessmentDecisionKind.Assess =>
            $"{e.Type} needs a decision to assess first",
        DraftPlanIssued when DraftIssuedOn is { } on => $"the draft plan was already issued on {on:yyyy-MM-dd}",
        ExceptionRecorded x when x.To < x.From => $"the exception ends ({x.To:yyyy-MM-dd}) before it starts ({x.From:yyyy-MM-dd})",
        AssessmentDecision or AdviceRequested or AdviceReceived or DraftPlanIssued or FinalPlanIssued or PlanNotIssued or ExceptionRecorded
            or PlacementChanged or CaseworkerChanged or FamilyContactChanged => null,
        _ => $"{e.Type} is not an assessment event",
    };

    /// <summary>The outcome against the statutory limits, once the assessment has ended.</summary>
    public AssessmentOutcome Outcome(IReadOnlyList<AdviceOutcome> advice)
    {
        var endedOn = EndedOn ?? throw new InvalidOperationException("The assessment has not ended.");
        return new AssessmentOutcome(
            current.CaseId, RequestedOn, endedOn, End!.Value,
            WeeksTaken: Math.Round((endedOn.DayNumber - RequestedOn.DayNumber) / 7.0, 1),
            Decision: LimitCheck.Evaluate("decision", DecisionDue, Decision?.On, endedOn),
            NotToIssue: End == AssessmentEnd.PlanNotIssued ? LimitCheck.Evaluate("not-to-issue", NotToIssueDue, NotIssuedOn, endedOn) : null,
            FinalPlan: End == AssessmentEnd.FinalPlanIssued ? LimitCheck.Evaluate("final-plan", FinalPlanDue, FinalIssuedOn, endedOn) : null,
            Exceptions: exceptions,
            Advice: advice);
    }
}
