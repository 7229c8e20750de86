using SendWorkflows.Domain;

namespace SendWorkflows.Contract;

/// <summary>
/// The contract's spelling of each vocabulary value (snake_case, sections 1-3). Spelled out rather than derived from
/// the enum member names so that renaming a member can never change the contract.
/// </summary>
public static class ContractSpelling
{
    public static Vocabulary<SettingType> SettingTypes { get; } = new(new Dictionary<SettingType, string>
    {
        [SettingType.Mainstream] = "mainstream",
        [SettingType.Special] = "special",
        [SettingType.Independent] = "independent",
        [SettingType.OutOfArea] = "out_of_area",
        [SettingType.Residential] = "residential",
        [SettingType.HomeEducated] = "home_educated",
        [SettingType.Post16] = "post16",
        [SettingType.EarlyYears] = "early_years",
        [SettingType.None] = "none",
    });

    public static Vocabulary<TransferKind> TransferKinds { get; } = new(new Dictionary<TransferKind, string>
    {
        [TransferKind.School] = "school",
        [TransferKind.Post16] = "post16",
        [TransferKind.None] = "none",
    });

    public static Vocabulary<ContactRole> ContactRoles { get; } = new(new Dictionary<ContactRole, string>
    {
        [ContactRole.EducationalPsychology] = "educational_psychology",
        [ContactRole.Health] = "health",
        [ContactRole.SocialCare] = "social_care",
        [ContactRole.Education] = "education",
        [ContactRole.PreparingForAdulthood] = "preparing_for_adulthood",
        [ContactRole.Other] = "other",
    });

    public static Vocabulary<ExceptionReason> ExceptionReasons { get; } = new(new Dictionary<ExceptionReason, string>
    {
        [ExceptionReason.SchoolClosure] = "school_closure",
        [ExceptionReason.EarlyYearsClosure] = "early_years_closure",
        [ExceptionReason.PersonalCircumstances] = "personal_circumstances",
        [ExceptionReason.AbsentFromArea] = "absent_from_area",
    });

    public static Vocabulary<AssessmentDecisionKind> AssessmentDecisions { get; } = new(new Dictionary<AssessmentDecisionKind, string>
    {
        [AssessmentDecisionKind.Assess] = "assess",
        [AssessmentDecisionKind.Decline] = "decline",
    });

    public static Vocabulary<ReviewDecisionKind> ReviewDecisions { get; } = new(new Dictionary<ReviewDecisionKind, string>
    {
        [ReviewDecisionKind.Maintain] = "maintain",
        [ReviewDecisionKind.Amend] = "amend",
        [ReviewDecisionKind.Cease] = "cease",
    });
}

/// <summary>One closed vocabulary of the contract: exact spelling out, case-insensitive spelling in.</summary>
public sealed class Vocabulary<TEnum> where TEnum : struct, Enum
{
    readonly IReadOnlyDictionary<TEnum, string> spellings;
    readonly Dictionary<string, TEnum> values;

    internal Vocabulary(IReadOnlyDictionary<TEnum, string> spellings)
    {
        this.spellings = spellings;
        values = spellings.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The contract's spellings in declaration order, for error messages ("one of ...").</summary>
    public string Expected => string.Join(", ", spellings.Values);

    public string Spell(TEnum value) => spellings[value];

    public bool TryParse(string? text, out TEnum value) => values.TryGetValue(text?.Trim() ?? "", out value);
}
