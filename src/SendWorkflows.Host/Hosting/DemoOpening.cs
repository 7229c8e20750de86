using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Host.Hosting;

/// <summary>
/// How the demo opens, so a newcomer sees the engine at work in its first minute (issue 12, defect 8), without
/// changing the generated caseload itself:
/// <list type="bullet">
/// <item>three assessments already under way on the start date, one at each rung of the advice ladder: a request
/// made today, advice due in 2 weeks (reminded today) and advice due yesterday (overdue notice and escalation
/// today). Their earlier steps are sent with their own earlier dates, so each case's history reads true;</item>
/// <item>only a few of the plans whose review is already overdue on arrival (each is escalated to the SEN manager
/// once, docs/adr/0033): a real council's backlog on day one is a handful, not 50 e-mails.</item>
/// </list>
/// </summary>
public static class DemoOpening
{
    public const string CasePrefix = "EHC-DEMO-";

    /// <summary>The opening assessments' events, dated around <paramref name="startOn"/>; ids are fixed, so a restart sends nothing twice.</summary>
    public static IReadOnlyList<CaseEvent> Events(GeneratedCaseload caseload, DateOnly startOn)
    {
        var professional = caseload.Contacts.Contacts.Keys.Where(k => k.StartsWith("ep-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First();
        var school = caseload.Plans.First(p => p.YearGroup >= YearGroup.Year(1) && p.YearGroup <= YearGroup.Year(6));
        var events = new List<CaseEvent>();

        // (initials, advice asked this many days before the start): due 6 weeks after asking.
        foreach (var (number, initials, askedDaysAgo) in new[] { (1, "AB", 0), (2, "CD", 28), (3, "EF", 43) })
        {
            var caseId = $"{CasePrefix}{number}";
            var asked = startOn.AddDays(-askedDaysAgo);
            var requested = asked.AddDays(-35);
            events.Add(new AssessmentRequested($"{caseId}-request", caseId, requested, initials, new DateOnly(2018, 5, 1), YearGroup.Year(3),
                school.SettingName, school.SettingEmail, school.CaseworkerEmail));
            events.Add(new AssessmentDecision($"{caseId}-decision", caseId, requested.AddDays(28), AssessmentDecisionKind.Assess));
            events.Add(new AdviceRequested($"{caseId}-advice", caseId, asked, professional));
        }

        return events;
    }

    /// <summary>
    /// The generated caseload with at most <paramref name="keepOverdue"/> plans past their review's escalation point
    /// on <paramref name="startOn"/>; the others are left out, with any events about them.
    /// </summary>
    public static GeneratedCaseload WithSmallBacklog(GeneratedCaseload caseload, DateOnly startOn, int keepOverdue)
    {
        var overdue = caseload.Plans.Where(p => IsOverdueOnArrival(p, startOn)).Select(p => p.PlanId).ToList();
        var leftOut = overdue.Skip(keepOverdue).ToHashSet(StringComparer.Ordinal);
        return caseload with
        {
            Plans = [.. caseload.Plans.Where(p => !leftOut.Contains(p.PlanId))],
            Events = [.. caseload.Events.Where(e => !leftOut.Contains(e.CaseId))],
        };
    }

    /// <summary>Whether loading the plan on <paramref name="startOn"/> escalates it at once, as its workflow would decide.</summary>
    public static bool IsOverdueOnArrival(PlanRecord plan, DateOnly startOn) =>
        ReviewTimetable.StartedPastEscalation(new ReviewCycle(AnnualReviewInput.Imported(ReviewedPlan.FromRecord(plan, startOn, []), plan.LastReviewOn), startOn));
}
