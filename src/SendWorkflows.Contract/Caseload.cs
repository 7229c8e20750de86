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
    bool AwaitingProvision = false);

/// <summary>One contact of the directory (contract section 3), under its key.</summary>
public sealed record Contact(string Key, ContactRole Role, string Email, string? Manager, string? SeniorLead);

/// <summary>The contacts directory (contract section 3).</summary>
public sealed record ContactsDirectory(
    IReadOnlyDictionary<string, Contact> Contacts, string SenManager, string AssistantDirector);
