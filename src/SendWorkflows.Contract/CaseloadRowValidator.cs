using SendWorkflows.Domain;
using static SendWorkflows.Contract.CaseloadColumns;

namespace SendWorkflows.Contract;

/// <summary>
/// Turns one caseload row into a <see cref="PlanRecord"/> or lists everything wrong with it. Remembers the plan ids
/// seen so far: a plan id already used on an earlier row, accepted or not, is a duplicate.
/// </summary>
sealed class CaseloadRowValidator(DateOnly today, ContactsDirectory? contacts)
{
    /// <summary>A plan ends, at the latest, in the academic year the young person turns 25.</summary>
    const int OldestAgeInYears = 26;

    readonly Dictionary<string, int> firstLineOfPlan = new(StringComparer.OrdinalIgnoreCase);

    public PlanRecord? Validate(CaseloadRow row, int line, Problems problems)
    {
        var planId = row[PlanId];
        if (planId.Length == 0)
            problems.Add(PlanId, "plan_id is required");
        else if (!ContractRules.IsValidId(planId))
            problems.Add(PlanId, $"plan_id must be at most {ContractRules.MaxIdLength} characters without control characters");
        else if (!firstLineOfPlan.TryAdd(planId, line))
            problems.Add(PlanId, $"plan_id {ContractRules.Quote(planId)} already appears on line {firstLineOfPlan[planId]}");

        var initials = row[ChildInitials];
        if (initials.Length == 0)
            problems.Add(ChildInitials, "child_initials is required");
        else if (!ContractRules.AreValidInitials(initials))
            problems.Add(ChildInitials, "child_initials must be 1-4 capital letters, optionally joined by - or ' (initials only, never a name)");

        var dateOfBirth = RequiredDate(row, DateOfBirth, problems);
        if (dateOfBirth > today)
            problems.Add(DateOfBirth, "date_of_birth is after today");
        else if (dateOfBirth < today.AddYears(-OldestAgeInYears))
            problems.Add(DateOfBirth, $"date_of_birth is more than {OldestAgeInYears} years ago: past the age an EHC plan can run to");

        var yearGroupText = row[CaseloadColumns.YearGroup];
        if (!Domain.YearGroup.TryParse(yearGroupText, out var yearGroup))
            problems.Add(CaseloadColumns.YearGroup, yearGroupText.Length == 0 ? "year_group is required"
                : $"year_group {ContractRules.Quote(yearGroupText)} is not one of N1, N2, R, 1..14, none");

        var settingName = RequiredText(row, SettingName, problems);
        var settingEmail = RequiredEmail(row, SettingEmail, problems);
        var settingType = RequiredTerm(row, CaseloadColumns.SettingType, ContractSpelling.SettingTypes, problems);
        var caseworkerEmail = RequiredEmail(row, CaseworkerEmail, problems);

        var planIssuedOn = RequiredDate(row, PlanIssuedOn, problems);
        NotAfterToday(planIssuedOn, PlanIssuedOn, problems);
        if (dateOfBirth is not null && planIssuedOn < dateOfBirth)
            problems.Add(PlanIssuedOn, "plan_issued_on is before date_of_birth");

        var lastReviewOn = OptionalDate(row, LastReviewOn, problems);
        NotAfterToday(lastReviewOn, LastReviewOn, problems);
        if (planIssuedOn is not null && lastReviewOn < planIssuedOn)
            problems.Add(LastReviewOn, "last_review_on is before plan_issued_on");

        TransferKind? transfer = row[Transfer].Length == 0 ? null : RequiredTerm(row, Transfer, ContractSpelling.TransferKinds, problems);
        var contributors = ContributorKeys(row, problems);
        var lastMonitoringVisitOn = OptionalDate(row, LastMonitoringVisitOn, problems);
        NotAfterToday(lastMonitoringVisitOn, LastMonitoringVisitOn, problems);
        var awaitingProvision = AwaitingProvisionFlag(row, problems);
        var familyEmail = row[FamilyEmail];
        if (familyEmail.Length > 0 && !ContractRules.IsValidEmail(familyEmail))
            problems.Add(FamilyEmail, "family_email is not a valid e-mail address");

        if (problems.Any)
            return null;

        return new PlanRecord(
            planId, initials, dateOfBirth!.Value, yearGroup, settingName, settingEmail, settingType!.Value, caseworkerEmail,
            planIssuedOn!.Value, lastReviewOn, transfer, contributors, lastMonitoringVisitOn, awaitingProvision,
            familyEmail.Length == 0 ? null : familyEmail);
    }

    static string RequiredText(CaseloadRow row, string column, Problems problems)
    {
        var text = row[column];
        if (text.Length == 0)
            problems.Add(column, $"{column} is required");
        else if (text.Length > ContractRules.MaxTextLength)
            problems.Add(column, $"{column} is longer than {ContractRules.MaxTextLength} characters");
        return text;
    }

    static string RequiredEmail(CaseloadRow row, string column, Problems problems)
    {
        var text = row[column];
        if (text.Length == 0)
            problems.Add(column, $"{column} is required");
        else if (!ContractRules.IsValidEmail(text))
            problems.Add(column, $"{column} is not a valid e-mail address");
        return text;
    }

    static TEnum? RequiredTerm<TEnum>(CaseloadRow row, string column, Vocabulary<TEnum> vocabulary, Problems problems)
        where TEnum : struct, Enum
    {
        var text = row[column];
        if (vocabulary.TryParse(text, out var value))
            return value;
        problems.Add(column, text.Length == 0 ? $"{column} is required"
            : $"{column} {ContractRules.Quote(text)} is not one of {vocabulary.Expected}");
        return null;
    }

    static DateOnly? RequiredDate(CaseloadRow row, string column, Problems problems)
    {
        if (row[column].Length == 0)
        {
            problems.Add(column, $"{column} is required");
            return null;
        }

        return OptionalDate(row, column, problems);
    }

    static DateOnly? OptionalDate(CaseloadRow row, string column, Problems problems)
    {
        var text = row[column];
        if (text.Length == 0)
            return null;
        if (ContractRules.TryParseDate(text, out var date))
            return date;
        problems.Add(column, $"{column} is not a date ({ContractRules.DateFormat})");
        return null;
    }

    void NotAfterToday(DateOnly? date, string column, Problems problems)
    {
        if (date > today)
            problems.Add(column, $"{column} is after today");
    }

    IReadOnlyList<string>? ContributorKeys(CaseloadRow row, Problems problems)
    {
        var text = row[Contributors];
        if (text.Length == 0)
            return null;

        var keys = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        foreach (var key in keys)
        {
            if (!ContractRules.IsValidContactKey(key))
                problems.Add(Contributors, $"contributors has a key {ContractRules.Quote(key)} that is not a contact key (letters, digits, - _ .)");
            else if (contacts is not null && !contacts.Contacts.ContainsKey(key))
                problems.Add(Contributors, $"contributors names {ContractRules.Quote(key)}, which is not in the contacts directory");
        }

        return keys;
    }

    static bool AwaitingProvisionFlag(CaseloadRow row, Problems problems)
    {
        var text = row[AwaitingProvision];
        if (text.Length == 0 || text.Equals("false", StringComparison.OrdinalIgnoreCase))
            return false;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
            return true;
        problems.Add(AwaitingProvision, $"awaiting_provision {ContractRules.Quote(text)} is not true or false");
        return false;
    }
}
