using System.Globalization;
using SendWorkflows.Domain;

namespace SendWorkflows.Functions.Tests.EndToEnd;

/// <summary>
/// A small caseload and contacts directory as a council would drop them, dated relative to today (UK) so the real
/// engine, on the wall clock, has work due now: one plan overdue for review (escalated once on its load day, ADR 0033),
/// one due in six weeks, and one row with a bad setting e-mail (rejected with its line, without personal values).
/// </summary>
static class ImportScenario
{
    public const string CaseloadFile = "caseload-2026-12.csv";
    public const string ContactsFile = "contacts.json";
    public const string OverduePlan = "EHC-E2E-01";
    public const string DuePlan = "EHC-E2E-02";
    public const string RejectedPlan = "EHC-E2E-03";
    public const string BadSettingEmail = "not-an-email";

    public const string Contacts = """
        {"contacts": {
          "ep-north": {"role": "educational_psychology", "email": "ep.north@council.example", "manager": "ep.manager@council.example", "seniorLead": "ep.lead@council.example"},
          "hp-north": {"role": "health", "email": "health.north@nhs.example", "manager": "health.manager@nhs.example", "seniorLead": "health.lead@nhs.example"}
         },
         "senManager": "sen.manager@council.example", "assistantDirector": "ad@council.example"}
        """;

    public static string Caseload(DateOnly today)
    {
        var yearStart = today.Month >= 9 ? today.Year : today.Year - 1;
        // Year 4 in this academic year: born between 1 September nine years before it began and the next 31 August.
        var yearFourBirth = new DateOnly(yearStart - 9, 12, 1);
        return "plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on,contributors\n"
            + Row(OverduePlan, "AB", yearFourBirth, "Oak Primary", "senco@oak.example", today.AddYears(-3), today.AddMonths(-13))
            + Row(DuePlan, "CD", yearFourBirth, "Ash Primary", "senco@ash.example", today.AddYears(-2), today.AddMonths(-12).AddDays(42))
            + Row(RejectedPlan, "EF", yearFourBirth, "Elm Primary", BadSettingEmail, today.AddYears(-2), today.AddMonths(-6));
    }

    static string Row(string plan, string initials, DateOnly born, string setting, string settingEmail, DateOnly issued, DateOnly lastReview) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{plan},{initials},{born:yyyy-MM-dd},4,{setting},{settingEmail},mainstream,cw@council.example,{issued:yyyy-MM-dd},{lastReview:yyyy-MM-dd},ep-north;hp-north\n");

    public static DateOnly Today() => UkTime.DateOf(DateTime.UtcNow);
}
