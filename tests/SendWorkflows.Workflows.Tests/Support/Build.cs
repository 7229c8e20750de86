using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Workflows.Tests.Support;

/// <summary>Test data: one assessment request, one plan, one contacts directory, and events by name.</summary>
static class Build
{
    public const string Caseworker = "caseworker@council.example";
    public const string Setting = "senco@school.example";
    public const string SenManager = "sen.manager@council.example";
    public const string AssistantDirector = "ad@council.example";

    public static DateOnly Date(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public static AssessmentInput Request(string requestedOn, string caseId = "C1") =>
        new(caseId, $"{caseId}-req", Date(requestedOn), "AB", Date("2016-05-01"), "4", "Oak Primary", Setting, Caseworker);

    public static ReviewedPlan Plan(
        string yearGroup = "4", string knownOn = "2025-09-01", string issuedOn = "2023-03-01", string[]? contributors = null,
        string planId = "P1") =>
        new(planId, "CD", Date("2016-05-01"), yearGroup, Date(knownOn), "Oak Primary", Setting, SettingType.Mainstream, Caseworker,
            Date(issuedOn), null, contributors ?? ["ep", "health"], "pfa");

    public static ContactsDirectory Contacts() => new(
        new Dictionary<string, Contact>
        {
            ["ep"] = new("ep", ContactRole.EducationalPsychology, "ep@council.example", "ep.manager@council.example", "ep.lead@council.example"),
            ["health"] = new("health", ContactRole.Health, "health@nhs.example", "health.manager@nhs.example", "health.lead@nhs.example"),
            ["social"] = new("social", ContactRole.SocialCare, "social@council.example", null, null),
            ["pfa"] = new("pfa", ContactRole.PreparingForAdulthood, "pfa@council.example", "pfa.manager@council.example", "pfa.lead@council.example"),
        },
        SenManager,
        AssistantDirector);

    public static CaseEventMessage Event(CaseEvent e) => CaseEventMessage.Of(e);
}
