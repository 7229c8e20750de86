using SendWorkflows.Contract;
using SendWorkflows.Domain;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Support;

/// <summary>Caseload rows and assessment requests for scenarios.</summary>
static class Rows
{
    public static PlanRecord Plan(string planId, string yearGroup, string? lastReviewOn, string issuedOn = "2022-03-01", string[]? contributors = null) =>
        new(planId, "EF", Date("2015-03-01"), YearGroup.TryParse(yearGroup, out var y) ? y : throw new ArgumentException(yearGroup),
            "Oak Primary", Setting, SettingType.Mainstream, Caseworker, Date(issuedOn), lastReviewOn is null ? null : Date(lastReviewOn),
            Contributors: contributors ?? ["ep", "health"]);

    public static AssessmentRequested Request(string caseId, string on) =>
        new($"{caseId}-request", caseId, Date(on), "GH", Date("2019-01-10"), YearGroup.Year(1), "Oak Primary", Setting, Caseworker);
}
