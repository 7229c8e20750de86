using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.Events;

/// <summary>
/// A contract case event as it travels to a workflow instance (the payload of the <see cref="EventNames.CaseEvent"/>
/// external event): one flat, serialisable shape that turns back into the typed <see cref="CaseEvent"/> record.
/// </summary>
public sealed record CaseEventMessage(
    string Id,
    string Type,
    string CaseId,
    DateOnly On,
    string? Contact = null,
    string? Decision = null,
    DateOnly? MeetingOn = null,
    ExceptionReason? Reason = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? SettingName = null,
    string? SettingEmail = null,
    SettingType? SettingType = null,
    string? CaseworkerEmail = null,
    IReadOnlyList<string>? Contributors = null,
    string? FamilyEmail = null,
    bool? Involved = null,
    bool? CommunicationGood = null)
{
    public static CaseEventMessage Of(CaseEvent e) => e switch
    {
        AssessmentDecision d => Base(e) with { Decision = d.Decision.ToString() },
        AdviceRequested a => Base(e) with { Contact = a.Contact },
        AdviceReceived a => Base(e) with { Contact = a.Contact },
        ExceptionRecorded x => Base(e) with { Reason = x.Reason, From = x.From, To = x.To },
        ReviewMeetingScheduled m => Base(e) with { MeetingOn = m.MeetingOn },
        ReviewDecision d => Base(e) with { Decision = d.Decision.ToString() },
        PlacementChanged p => Base(e) with { SettingName = p.SettingName, SettingEmail = p.SettingEmail, SettingType = p.SettingType },
        CaseworkerChanged c => Base(e) with { CaseworkerEmail = c.CaseworkerEmail },
        ContributorsChanged c => Base(e) with { Contributors = c.Contributors },
        FamilyContactChanged f => Base(e) with { FamilyEmail = f.FamilyEmail },
        FamilySurveyAnswered a => Base(e) with { Involved = a.Involved, CommunicationGood = a.CommunicationGood },
        _ => Base(e),
    };

    /// <summary>The typed contract event again; throws for a type a workflow instance is never sent.</summary>
    public CaseEvent ToCaseEvent() => Type switch
    {
        nameof(AssessmentDecision) => new AssessmentDecision(Id, CaseId, On, Enum.Parse<AssessmentDecisionKind>(Required(Decision)!)),
        nameof(AdviceRequested) => new AdviceRequested(Id, CaseId, On, Required(Contact)!),
        nameof(AdviceReceived) => new AdviceReceived(Id, CaseId, On, Required(Contact)!),
        nameof(DraftPlanIssued) => new DraftPlanIssued(Id, CaseId, On),
        nameof(FinalPlanIssued) => new FinalPlanIssued(Id, CaseId, On),
        nameof(PlanNotIssued) => new PlanNotIssued(Id, CaseId, On),
        nameof(ExceptionRecorded) => new ExceptionRecorded(Id, CaseId, On, Required(Reason)!.Value, Required(From)!.Value, Required(To)!.Value),
        nameof(ReviewMeetingScheduled) => new ReviewMeetingScheduled(Id, CaseId, On, Required(MeetingOn)!.Value),
        nameof(ReviewMeetingHeld) => new ReviewMeetingHeld(Id, CaseId, On),
        nameof(ReviewReportReceived) => new ReviewReportReceived(Id, CaseId, On),
        nameof(ReviewDecision) => new ReviewDecision(Id, CaseId, On, Enum.Parse<ReviewDecisionKind>(Required(Decision)!)),
        nameof(AmendedPlanIssued) => new AmendedPlanIssued(Id, CaseId, On),
        nameof(PlanCeased) => new PlanCeased(Id, CaseId, On),
        nameof(PlacementChanged) => new PlacementChanged(Id, CaseId, On, Required(SettingName)!, Required(SettingEmail)!, Required(SettingType)!.Value),
        nameof(CaseworkerChanged) => new CaseworkerChanged(Id, CaseId, On, Required(CaseworkerEmail)!),
        nameof(ContributorsChanged) => new ContributorsChanged(Id, CaseId, On, Required(Contributors)!),
        nameof(FamilyContactChanged) => new FamilyContactChanged(Id, CaseId, On, FamilyEmail),
        nameof(FamilySurveyAnswered) => new FamilySurveyAnswered(Id, CaseId, On, Required(Involved)!.Value, Required(CommunicationGood)!.Value),
        nameof(MonitoringVisitRecorded) => new MonitoringVisitRecorded(Id, CaseId, On),
        nameof(ProvisionAwaited) => new ProvisionAwaited(Id, CaseId, On),
        nameof(ProvisionSecured) => new ProvisionSecured(Id, CaseId, On),
        _ => throw new InvalidOperationException($"Event type '{Type}' is not sent to a workflow instance."),
    };

    static CaseEventMessage Base(CaseEvent e) => new(e.Id, e.Type, e.CaseId, e.On);

    T Required<T>(T value) => value ?? throw new InvalidOperationException($"Event '{Id}' ({Type}) lacks a required field.");
}

/// <summary>
/// Not a contract event (no sender can post it): a caseload load's word that the contact keys invited to the plan's
/// reviews changed. Advice is asked of the new list from the next meeting fixed; a meeting already fixed keeps its requests.
/// </summary>
public sealed record ContributorsChanged(string Id, string CaseId, DateOnly On, IReadOnlyList<string> Contributors) : CaseEvent(Id, CaseId, On);

/// <summary>The names of the external events the workflows wait for.</summary>
public static class EventNames
{
    /// <summary>A contract case event for this instance (payload <see cref="CaseEventMessage"/>).</summary>
    public const string CaseEvent = "CaseEvent";

    /// <summary>A parent workflow's word to an advice ladder (payload <see cref="AdviceSignal"/>).</summary>
    public const string AdviceSignal = "AdviceSignal";
}

/// <summary>What a parent tells a running advice request: the advice arrived, or the case no longer needs it.</summary>
/// <param name="NewMeetingOn">For <see cref="AdviceSignalKind.MeetingMoved"/>: the review meeting's new date.</param>
/// <param name="NewCaseworkerEmail">For <see cref="AdviceSignalKind.CaseworkerChanged"/>: who is copied from now on.</param>
public sealed record AdviceSignal(AdviceSignalKind Kind, DateOnly On, DateOnly? NewMeetingOn = null, string? NewCaseworkerEmail = null);

public enum AdviceSignalKind
{
    Received,
    Stop,

    /// <summary>The review meeting the advice is for was moved: the due date moves with it and chasing starts again.</summary>
    MeetingMoved,

    /// <summary>The case has a new caseworker: later escalations copy them instead.</summary>
    CaseworkerChanged,
}

/// <summary>
/// The custom status a workflow leaves when it ends: the event ids it applied, so that a redelivered event for a
/// finished case is recognised as a duplicate rather than rejected.
/// </summary>
public sealed record AppliedEvents(IReadOnlyList<string> Ids);
