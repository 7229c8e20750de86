using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Assessment;

namespace SendWorkflows.Workflows.Review;

/// <summary>
/// A maintained plan as its review workflow knows it: the caseload row (or the assessment that produced it), minus
/// nothing the timetable needs. <see cref="YearGroup"/> is the contract's spelling as on <see cref="YearGroupKnownOn"/>;
/// it advances every 1 September from there.
/// </summary>
public sealed record ReviewedPlan(
    string PlanId,
    string ChildInitials,
    DateOnly DateOfBirth,
    string YearGroup,
    DateOnly YearGroupKnownOn,
    string SettingName,
    string SettingEmail,
    SettingType SettingType,
    string CaseworkerEmail,
    DateOnly PlanIssuedOn,
    TransferKind? TransferOverride,
    IReadOnlyList<string> Contributors,
    string? PreparingForAdulthoodContact = null,
    DateOnly? LastMonitoringVisitOn = null,
    bool AwaitingProvision = false,
    string? FamilyEmail = null,
    DateOnly? AwaitingProvisionSince = null)
{
    public static string InstanceIdFor(string planId) => $"review:{planId}";

    public YearGroup YearGroupAtStart => Domain.YearGroup.TryParse(YearGroup, out var yearGroup)
        ? yearGroup
        : throw new InvalidOperationException($"Plan {PlanId} has an unreadable year group '{YearGroup}'.");

    public static ReviewedPlan FromRecord(PlanRecord row, DateOnly loadedOn, IReadOnlyList<string> contributors) => new(
        row.PlanId, row.ChildInitials, row.DateOfBirth, row.YearGroup.ToString(), loadedOn, row.SettingName, row.SettingEmail,
        row.SettingType, row.CaseworkerEmail, row.PlanIssuedOn, row.Transfer, contributors, null,
        row.LastMonitoringVisitOn, row.AwaitingProvision, row.FamilyEmail, row.AwaitingProvision ? loadedOn : null);

    /// <summary>
    /// The plan a finished assessment issued; the setting type is unknown (none) unless a placement change during the
    /// assessment said it, until the next caseload import or <c>PlacementChanged</c>.
    /// </summary>
    public static ReviewedPlan FromAssessment(AssessmentInput assessment, IReadOnlyList<string> contributors) => new(
        assessment.CaseId, assessment.ChildInitials, assessment.DateOfBirth, assessment.YearGroup, assessment.RequestedOn,
        assessment.SettingName, assessment.SettingEmail, assessment.SettingType ?? SettingType.None, assessment.CaseworkerEmail,
        assessment.RequestedOn, null, contributors, FamilyEmail: assessment.FamilyEmail);

    // The family's e-mail is personal data and the date of birth special: a generated ToString would print both.
    bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"PlanId = {PlanId}, ChildInitials = {ChildInitials}, YearGroup = {YearGroup}, SettingName = {SettingName}, ");
        builder.Append($"SettingType = {SettingType}, PlanIssuedOn = {PlanIssuedOn:yyyy-MM-dd}, FamilyEmail = {(FamilyEmail is null ? "(none)" : "(withheld)")}");
        return true;
    }
}

/// <summary>
/// The input of one review cycle. <see cref="LastReviewOn"/> is the previous meeting (none before the first review);
/// <see cref="AppliedEventIds"/> carries idempotency across cycles; <see cref="OpenAmendment"/> is the previous
/// cycle's outcome while its amended plan is still outstanding.
/// </summary>
public sealed record AnnualReviewInput(
    ReviewedPlan Plan,
    int Cycle,
    DateOnly? LastReviewOn,
    IReadOnlyList<string> AppliedEventIds,
    ReviewOutcome? OpenAmendment = null,
    DateOnly? FamilySurveyAfter = null,
    OpenFamilySurvey? OpenSurvey = null,
    bool PlanCeased = false)
{
    public static AnnualReviewInput FirstCycle(ReviewedPlan plan, DateOnly planIssuedOn) =>
        new(plan with { PlanIssuedOn = planIssuedOn }, 1, null, []);

    /// <summary>Version 2: the first cycle of a plan an assessment issued, whose family is sent the survey 2 weeks after the final plan.</summary>
    public static AnnualReviewInput FirstCycleWithSurvey(ReviewedPlan plan, DateOnly planIssuedOn) =>
        FirstCycle(plan, planIssuedOn) with { FamilySurveyAfter = planIssuedOn };

    public static AnnualReviewInput Imported(ReviewedPlan plan, DateOnly? lastReviewOn) => new(plan, 1, lastReviewOn, []);
}

/// <summary>A family survey sent (<paramref name="NotificationKey"/> on <paramref name="SentOn"/>) whose answers have not come yet.</summary>
public sealed record OpenFamilySurvey(string NotificationKey, DateOnly SentOn);
