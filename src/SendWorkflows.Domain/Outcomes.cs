namespace SendWorkflows.Domain;

/// <summary>Whether one statutory limit was met. Pending while the limit has not passed and nothing happened yet.</summary>
public enum LimitStatus
{
    Met,
    Missed,
    Pending,
    NotApplicable,
}

/// <summary>One statutory limit of a case: its due date, when the thing was done, and the verdict.</summary>
public sealed record LimitResult(string Limit, DateOnly DueOn, DateOnly? DoneOn, LimitStatus Status);

/// <summary>A reg 10(4) exception recorded against an assessment: a dated, auditable fact with its reason.</summary>
public sealed record RecordedException(ExceptionReason Reason, DateOnly From, DateOnly To, DateOnly RecordedOn);

/// <summary>How an assessment ended.</summary>
public enum AssessmentEnd
{
    Declined,
    PlanNotIssued,
    FinalPlanIssued,
}

/// <summary>One contributor's advice for an assessment or a review, and how far it had to be chased.</summary>
public sealed record AdviceOutcome(
    string ContactKey,
    ContactRole Role,
    DateOnly RequestedOn,
    DateOnly DueOn,
    DateOnly? ReceivedOn,
    LimitStatus Status,
    NotificationKind? HighestChase);

/// <summary>The outcome record of one finished EHC needs assessment.</summary>
public sealed record AssessmentOutcome(
    string CaseId,
    DateOnly RequestedOn,
    DateOnly EndedOn,
    AssessmentEnd End,
    double WeeksTaken,
    LimitResult Decision,
    LimitResult? NotToIssue,
    LimitResult? FinalPlan,
    IReadOnlyList<RecordedException> Exceptions,
    IReadOnlyList<AdviceOutcome> Advice)
{
    public bool HasException => Exceptions.Count > 0;
}

/// <summary>
/// One family survey (version 2 workflows): sent on <paramref name="SentOn"/> after a final plan or a review decision,
/// and the family's two answers once they came (null until then). The input of the family KPIs.
/// </summary>
public sealed record FamilySurveyOutcome(string PlanId, DateOnly SentOn, DateOnly? AnsweredOn = null, bool? Involved = null, bool? CommunicationGood = null);

/// <summary>The outcome record of one annual review cycle of a plan.</summary>
public sealed record ReviewOutcome(
    string PlanId,
    int Cycle,
    DateOnly DueOn,
    DateOnly TargetOn,
    TransferKind Transfer,
    DateOnly? MeetingOn,
    LimitResult Meeting,
    DateOnly? DecisionOn,
    ReviewDecisionKind? Decision,
    LimitResult? DecisionLimit,
    LimitResult? AmendedPlan,
    IReadOnlyList<AdviceOutcome> Advice);

/// <summary>
/// One line of the "at any time" register of maintained plans (the council reports' list of every plan).
/// </summary>
public sealed record RegisterEntry(
    string PlanId,
    string ChildInitials,
    YearGroup YearGroup,
    string SettingName,
    SettingType SettingType,
    DateOnly? LastReviewOn,
    DateOnly NextReviewDue,
    DateOnly TargetMeetingOn,
    TransferKind Transfer,
    string Status,
    DateOnly? LastMonitoringVisitOn,
    bool AwaitingProvision,
    bool Ceased = false,
    DateOnly? AwaitingProvisionSince = null);
