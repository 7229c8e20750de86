using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>One row of the caseload file (contract section 1): one maintained EHC plan.</summary>
public sealed record PlanRecord(
    string PlanId,
    string ChildInitials,
    DateOnly DateOfBirth,
    YearGroup YearGroup,
    string SettingName,
    string SettingEmail,
    SettingType SettingType,
    string CaseworkerEmail,
    DateOnly PlanIssuedOn,
    DateOnly? LastReviewOn,
    TransferKind? Transfer = null,
    IReadOnlyList<string>? Contributors = null,
    DateOnly? LastMonitoringVisitOn = null,
    bool AwaitingProvision = false,
    string? FamilyEmail = null)
{
    // A record's generated ToString would print the date of birth into any log that prints the plan.
    bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"PlanId = {PlanId}, ChildInitials = {ChildInitials}, DateOfBirth = (withheld), YearGroup = {YearGroup}, ");
        builder.Append($"SettingName = {SettingName}, SettingType = {SettingType}, PlanIssuedOn = {PlanIssuedOn:yyyy-MM-dd}, ");
        builder.Append($"LastReviewOn = {LastReviewOn:yyyy-MM-dd}, Transfer = {Transfer}, AwaitingProvision = {AwaitingProvision}, FamilyEmail = {(FamilyEmail is null ? "(none)" : "(withheld)")}");
        return true;
    }
}

/// <summary>One contact of the directory (contract section 3), under its key.</summary>
public sealed record Contact(string Key, ContactRole Role, string Email, string? Manager, string? SeniorLead);

/// <summary>The contacts directory (contract section 3).</summary>
public sealed record ContactsDirectory(
    IReadOnlyDictionary<string, Contact> Contacts, string SenManager, string AssistantDirector, string? PlacementsOfficer = null);
