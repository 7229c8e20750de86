namespace SendWorkflows.Host.Tests.Support;

/// <summary>Case events in the contract's JSON (section 2). Fictional: initials QX, example.org addresses.</summary>
static class SampleEvents
{
    public static string AssessmentRequested(string id = "evt-1", string caseId = "EHC-1001", string settingEmail = "senco@oak.example.org") => $$"""
        {"id":"{{id}}","type":"AssessmentRequested","caseId":"{{caseId}}","on":"2026-03-02","childInitials":"QX","dateOfBirth":"2016-05-01",
         "yearGroup":"4","settingName":"Oak Primary","settingEmail":"{{settingEmail}}","caseworkerEmail":"caseworker@council.example.org"}
        """;

    public static string AdviceRequested(string id = "evt-2", string caseId = "EHC-1001", string contact = "ep") => $$"""
        {"id":"{{id}}","type":"AdviceRequested","caseId":"{{caseId}}","on":"2026-03-03","contact":"{{contact}}"}
        """;

    public static string Contacts => """
        {"contacts": {
           "ep": {"role": "educational_psychology", "email": "ep.team@example.org", "manager": "ep.manager@example.org", "seniorLead": "ep.lead@example.org"},
           "health": {"role": "health", "email": "health.team@example.org", "manager": "health.manager@example.org", "seniorLead": "health.lead@example.org"}},
         "senManager": "sen.manager@council.example.org", "assistantDirector": "ad@council.example.org"}
        """;

    public static string Caseload => """
        plan_id,child_initials,date_of_birth,year_group,setting_name,setting_email,setting_type,caseworker_email,plan_issued_on,last_review_on
        P-1,QX,2015-02-03,5,Oak Primary,senco@oak.example.org,mainstream,caseworker@council.example.org,2022-06-01,2025-06-10
        P-2,QZ,2012-09-30,not-a-year,Elm Academy,senco@elm.example.org,mainstream,caseworker@council.example.org,2021-01-05,
        P-3,QY,2013-11-11,8,Ash Special School,not-an-email,special,caseworker@council.example.org,2020-03-01,2025-02-01
        """;
}
