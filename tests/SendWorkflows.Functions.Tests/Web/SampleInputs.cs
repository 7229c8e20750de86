namespace SendWorkflows.Functions.Tests.Web;

/// <summary>Contract inputs (sections 1 to 3), fictional: initials only, example.org addresses, dated today.</summary>
static class SampleInputs
{
    public const string Professional = "ep.team@example.org";

    public static string Contacts => """
        {"contacts": {
           "ep": {"role": "educational_psychology", "email": "ep.team@example.org", "manager": "ep.manager@example.org", "seniorLead": "ep.lead@example.org"}},
         "senManager": "sen.manager@council.example.org", "assistantDirector": "ad@council.example.org"}
        """;

    /// <summary>Two good plans and one with a setting e-mail that is not an address.</summary>
    public static string Caseload => """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on
        FP-1,QX,2015-02-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-06-10
        FP-2,QW,2014-04-13,6,Elm Primary,senco@elm.example.org,mainstream,caseworker@council.example.org,2021-05-01,2025-05-20
        FP-3,QY,2013-11-11,8,Ash Special School,not-an-email,special,caseworker@council.example.org,2020-03-01,2025-02-01
        """;

    /// <summary>An assessment request and the request for an educational psychologist's advice, both today.</summary>
    public static string AssessmentWithAdvice(string caseId, DateOnly on) => $$"""
        [{"id":"{{caseId}}-req","type":"AssessmentRequested","caseId":"{{caseId}}","on":"{{on:yyyy-MM-dd}}","childInitials":"QX","dateOfBirth":"2016-05-01",
          "yearGroup":"4","settingName":"Oak Primary","settingEmail":"senco@oak.example.org","caseworkerEmail":"caseworker@council.example.org"},
         {"id":"{{caseId}}-adv","type":"AdviceRequested","caseId":"{{caseId}}","on":"{{on:yyyy-MM-dd}}","contact":"ep"}]
        """;
}
