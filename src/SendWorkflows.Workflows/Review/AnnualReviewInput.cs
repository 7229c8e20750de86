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
    DateOnly? AwaitingProvisionSince = null)
{
    public static string InstanceIdFor(string planId) => $"review:{planId}";

    public YearGroup YearGroupAtStart => Domain.YearGroup.TryParse(YearGroup, out var yearGroup)
        ? yearGroup
        : throw new InvalidOperationException($"Plan {PlanId} has an unreadable year group '{YearGroup}'.");

    public static ReviewedPlan FromRecord(PlanRecord row, DateOnly loadedOn, IReadOnlyList<string> contributors) => new(
        row.PlanId, row.ChildInitials, row.DateOfBirth, row.YearGroup.ToString(), loadedOn, row.SettingName, row.SettingEmail,
        row.SettingType, row.CaseworkerEmail, row.PlanIssuedOn, row.Transfer, contributors, null,
        row.LastMonitoringVisitOn, row.AwaitingProvision, row.AwaitingProvision ? loadedOn : null);

    /// <summary>
    /// The plan a finished assessment issued; the setting type is unknown (none) unless a placement change during the
    /// assessment said it, until the next caseload import or <c>PlacementChanged</c>.
    /// </summary>
    public static ReviewedPlan FromAssessment(AssessmentInput assessment, IReadOnlyList<string> contributors) => new(
        assessment.CaseId, assessment.ChildInitials, assessment.DateOfBirth, assessment.YearGroup, assessment.RequestedOn,
        assessment.SettingName, assessment.SettingEmail, assessment.SettingType ?? SettingType.None, assessment.CaseworkerEmail,
        assessment.RequestedOn, null, contributors);
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
    ReviewOutcome? OpenAmendment = null)
{
    public static AnnualReviewInput FirstCycle(ReviewedPlan plan, DateOnly planIssuedOn) =>
        new(plan with { PlanIssuedOn = planIssuedOn }, 1, null, []);

    public static AnnualReviewInput Imported(ReviewedPlan plan, DateOnly? lastReviewOn) => new(plan, 1, lastReviewOn, []);
}
