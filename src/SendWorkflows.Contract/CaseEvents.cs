using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>
/// A case event of contract section 2. <see cref="Id"/> makes delivery idempotent; <see cref="CaseId"/> is the
/// plan or request id; <see cref="On"/> is the UK calendar date the thing happened.
/// </summary>
public abstract record CaseEvent(string Id, string CaseId, DateOnly On)
{
    /// <summary>The contract's <c>type</c> value, which is the record's name.</summary>
    public string Type => GetType().Name;
}

public sealed record AssessmentRequested(
    string Id, string CaseId, DateOnly On,
    string ChildInitials, DateOnly DateOfBirth, YearGroup YearGroup,
    string SettingName, string SettingEmail, string CaseworkerEmail, string? FamilyEmail = null) : CaseEvent(Id, CaseId, On)
{
    // A record's generated ToString would print the date of birth into any log that prints the event.
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append($", ChildInitials = {ChildInitials}, DateOfBirth = (withheld), YearGroup = {YearGroup}, SettingName = {SettingName}, FamilyEmail = {Withheld(FamilyEmail)}");
        return true;
    }

    internal static string Withheld(string? email) => email is null ? "(none)" : "(withheld)";
}

public sealed record AssessmentDecision(string Id, string CaseId, DateOnly On, AssessmentDecisionKind Decision)
    : CaseEvent(Id, CaseId, On);

public sealed record AdviceRequested(string Id, string CaseId, DateOnly On, string Contact) : CaseEvent(Id, CaseId, On);

public sealed record AdviceReceived(string Id, string CaseId, DateOnly On, string Contact) : CaseEvent(Id, CaseId, On);

public sealed record DraftPlanIssued(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

public sealed record FinalPlanIssued(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

public sealed record PlanNotIssued(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

public sealed record ExceptionRecorded(
    string Id, string CaseId, DateOnly On, ExceptionReason Reason, DateOnly From, DateOnly To) : CaseEvent(Id, CaseId, On);

public sealed record ReviewMeetingScheduled(string Id, string CaseId, DateOnly On, DateOnly MeetingOn)
    : CaseEvent(Id, CaseId, On);

public sealed record ReviewMeetingHeld(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

public sealed record ReviewReportReceived(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

public sealed record ReviewDecision(string Id, string CaseId, DateOnly On, ReviewDecisionKind Decision)
    : CaseEvent(Id, CaseId, On);

public sealed record AmendedPlanIssued(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

public sealed record PlanCeased(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

/// <summary>The child moved to another setting on <c>On</c>: from then on notifications go to the new setting.</summary>
public sealed record PlacementChanged(
    string Id, string CaseId, DateOnly On, string SettingName, string SettingEmail, SettingType SettingType) : CaseEvent(Id, CaseId, On);

/// <summary>The case has a new caseworker from <c>On</c>.</summary>
public sealed record CaseworkerChanged(string Id, string CaseId, DateOnly On, string CaseworkerEmail) : CaseEvent(Id, CaseId, On);

/// <summary>The family's e-mail for notices from <c>On</c>; null: none (notices go to the caseworker to post).</summary>
public sealed record FamilyContactChanged(string Id, string CaseId, DateOnly On, string? FamilyEmail) : CaseEvent(Id, CaseId, On)
{
    // The family's e-mail is personal data: a record's generated ToString would print it into any log.
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        base.PrintMembers(builder);
        builder.Append($", FamilyEmail = {AssessmentRequested.Withheld(FamilyEmail)}");
        return true;
    }
}

/// <summary>The family's two answers to the survey sent after a final plan or a review decision.</summary>
public sealed record FamilySurveyAnswered(string Id, string CaseId, DateOnly On, bool Involved, bool CommunicationGood)
    : CaseEvent(Id, CaseId, On);
/// <summary>A monitoring visit to the child's placement took place on <c>On</c> (contract section 2).</summary>
public sealed record MonitoringVisitRecorded(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

/// <summary>From <c>On</c> the child waits for the provision or placement the plan names.</summary>
public sealed record ProvisionAwaited(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);

/// <summary>On <c>On</c> the child was given the provision or placement the plan names: the wait is over.</summary>
public sealed record ProvisionSecured(string Id, string CaseId, DateOnly On) : CaseEvent(Id, CaseId, On);
