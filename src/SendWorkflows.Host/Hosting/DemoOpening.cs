using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Host.Hosting;

/// <summary>
/// How the demo opens, so a newcomer sees the engine at work in its first minute (issue 12, defect 8), without
/// changing the generated caseload itself:
/// <list type="bullet">
/// <item>three assessments already under way on the start date, one at each rung of the advice ladder: a request
/// made today, advice due in 2 weeks (reminded today) and advice due yesterday (overdue notice and escalation
/// today). Their earlier steps are sent with their own earlier dates, so each case's history reads true;</item>
/// <item>only a few of the plans escalated to the SEN manager on arrival (overdue, or at their escalation point on
/// the start day, docs/adr/0033): a real council's backlog on day one is a handful, not 50 e-mails.</item>
/// </list>
/// </summary>
public static class DemoOpening
{
    public const string CasePrefix = "DEMO-";

    /// <summary>The opening assessments' events, dated around <paramref name="startOn"/>; ids are fixed, so a restart sends nothing twice.</summary>
    public static IReadOnlyList<CaseEvent> Events(GeneratedCaseload caseload, DateOnly startOn)
    {
        var professional = caseload.Contacts.Contacts.Keys.Where(k => k.StartsWith("ep-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First();
        var school = caseload.Plans.First(p => p.YearGroup >= YearGroup.Year(1) && p.YearGroup <= YearGroup.Year(6));
        var events = new List<CaseEvent>();

        // (initials, advice asked this many days before the start): due 6 weeks after asking. No decision event: one
        // dated in the past would race the decision reminders already due, and the demo must run the same every time.
        foreach (var (number, initials, askedDaysAgo) in new[] { (1, "AB", 0), (2, "CD", 28), (3, "EF", 43) })
        {
            var caseId = $"{CasePrefix}{number:000}";
            var asked = startOn.AddDays(-askedDaysAgo);
            var requested = asked.AddDays(-35);
            events.Add(new AssessmentRequested($"{caseId}-request", caseId, requested, initials, new DateOnly(2018, 5, 1), YearGroup.Year(3),
                school.SettingName, school.SettingEmail, school.CaseworkerEmail));
            events.Add(new AdviceRequested($"{caseId}-advice", caseId, asked, professional));
        }

        return events;
    }

    /// <summary>
    /// The generated caseload with at most <paramref name="keepOverdue"/> plans escalated on arrival on
    /// <paramref name="startOn"/>; the others are left out, with any events about them.
    /// </summary>
    public static GeneratedCaseload WithSmallBacklog(GeneratedCaseload caseload, DateOnly startOn, int keepOverdue)
    {
        var overdue = caseload.Plans.Where(p => IsEscalatedOnArrival(p, startOn)).Select(p => p.PlanId).ToList();
        var leftOut = overdue.Skip(keepOverdue).ToHashSet(StringComparer.Ordinal);
        return caseload with
        {
            Plans = [.. caseload.Plans.Where(p => !leftOut.Contains(p.PlanId))],
            Events = [.. caseload.Events.Where(e => !leftOut.Contains(e.CaseId))],
        };
    }

    /// <summary>
    /// Whether loading the plan on <paramref name="startOn"/> escalates it to the SEN manager that day: its
    /// escalation point (T - 4 weeks) is on or before the start, so nobody could be asked before.
    /// </summary>
    public static bool IsEscalatedOnArrival(PlanRecord plan, DateOnly startOn)
    {
        var cycle = new ReviewCycle(AnnualReviewInput.Imported(ReviewedPlan.FromRecord(plan, startOn, []), plan.LastReviewOn), startOn);
        return WorkflowCalendar.SendDate(cycle.Dates.Target.AddDays(-4 * 7)) <= startOn;
    }
}
