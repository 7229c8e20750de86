namespace SendWorkflows.Contract;

/// <summary>The caseload file's column names (contract section 1), in the order the writer emits them.</summary>
public static class CaseloadColumns
{
    public const string PlanId = "plan_id";
    public const string ChildInitials = "child_initials";
    public const string DateOfBirth = "date_of_birth";
    public const string YearGroup = "year_group";
    public const string SettingName = "setting_name";
    public const string SettingEmail = "setting_email";
    public const string SettingType = "setting_type";
    public const string CaseworkerEmail = "caseworker_email";
    public const string PlanIssuedOn = "plan_issued_on";
    public const string LastReviewOn = "last_review_on";
    public const string Transfer = "transfer";
    public const string Contributors = "contributors";
    public const string LastMonitoringVisitOn = "last_monitoring_visit_on";
    public const string AwaitingProvision = "awaiting_provision";

    /// <summary>The parent's or carer's (or the young person's) e-mail: personal data, never logged or kept when rejected.</summary>
    public const string FamilyEmail = "family_email";

    public static IReadOnlyList<string> Required { get; } =
    [
        PlanId, ChildInitials, DateOfBirth, YearGroup, SettingName, SettingEmail, SettingType, CaseworkerEmail,
        PlanIssuedOn, LastReviewOn,
    ];

    public static IReadOnlyList<string> Optional { get; } = [Transfer, Contributors, LastMonitoringVisitOn, AwaitingProvision, FamilyEmail];

    public static IReadOnlyList<string> All { get; } = [.. Required, .. Optional];
}
