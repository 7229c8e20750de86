using SendWorkflows.Contract;
using SendWorkflows.Domain;

namespace SendWorkflows.Workflows.Assessment;

/// <summary>
/// What an assessment workflow starts from: the contract's <c>AssessmentRequested</c> event. The year group is
/// the contract's spelling (N1, N2, R, 1..14, none) as on <see cref="RequestedOn"/>. <see cref="SettingType"/> is
/// unknown (null) until a <c>PlacementChanged</c> says it.
/// </summary>
public sealed record AssessmentInput(
    string CaseId,
    string RequestEventId,
    DateOnly RequestedOn,
    string ChildInitials,
    DateOnly DateOfBirth,
    string YearGroup,
    string SettingName,
    string SettingEmail,
    string CaseworkerEmail,
    SettingType? SettingType = null,
    string? FamilyEmail = null)
{
    public static string InstanceIdFor(string caseId) => $"assessment:{caseId}";

    public static AssessmentInput From(AssessmentRequested requested) => new(
        requested.CaseId, requested.Id, requested.On, requested.ChildInitials, requested.DateOfBirth,
        requested.YearGroup.ToString(), requested.SettingName, requested.SettingEmail, requested.CaseworkerEmail,
        FamilyEmail: requested.FamilyEmail);

    // The family's e-mail is personal data: a record's generated ToString would print it (and the date of birth).
    bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"CaseId = {CaseId}, RequestEventId = {RequestEventId}, RequestedOn = {RequestedOn:yyyy-MM-dd}, ChildInitials = {ChildInitials}, ");
        builder.Append($"YearGroup = {YearGroup}, SettingName = {SettingName}, SettingType = {SettingType}, FamilyEmail = {(FamilyEmail is null ? "(none)" : "(withheld)")}");
        return true;
    }
}
