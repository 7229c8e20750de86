using SendWorkflows.Domain;
using SendWorkflows.Workflows.Council;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Rules;

public sealed class CouncilListsTests
{
    static RegisteredPlan Registered(string planId, string setting, string due, string target, string status, bool ceased = false) => new(
        new RegisterEntry(planId, "XY", YearGroup.Year(4), "School " + setting, SettingType.Mainstream, null, Date(due), Date(target),
            TransferKind.None, status, null, false, ceased),
        $"{setting}@school.example", Caseworker);

    [Fact]
    public void Each_setting_gets_its_reviews_targeted_in_the_term_and_no_other()
    {
        var plans = new[]
        {
            Registered("P1", "a", "2026-01-10", "2026-01-10", "awaiting meeting"),
            Registered("P2", "a", "2026-03-30", "2026-03-30", "awaiting meeting"),
            Registered("P3", "b", "2026-02-01", "2026-02-01", "meeting fixed"),
            Registered("P4", "b", "2026-05-01", "2026-05-01", "awaiting meeting"),
            Registered("P5", "c", "2026-02-01", "2026-02-01", "ceased", ceased: true),
        };

        var lists = CouncilLists.TermlyReviewLists(plans, new TermlyReviewListRequest(Date("2025-12-22"), Date("2026-01-05"), Date("2026-04-12")));

        Assert.Equal(["a@school.example", "b@school.example"], lists.Select(l => l.To.Single()));
        Assert.Equal(["P1", "P2"], lists[0].Facts.Items.Select(i => i.CaseId));
        Assert.Equal(["P3"], lists[1].Facts.Items.Select(i => i.CaseId));
        Assert.All(lists, l => Assert.Equal((NotificationKind.TermlyReviewList, Date("2025-12-22")), (l.Kind, l.On)));
    }

    [Fact]
    public void Weekly_digest_lists_overdue_then_escalated_then_due_within_four_weeks()
    {
        var plans = new[]
        {
            Registered("P1", "a", "2026-06-01", "2026-06-01", "escalated"),
            Registered("P2", "a", "2025-12-01", "2025-12-01", "awaiting meeting"),
            Registered("P3", "b", "2026-02-01", "2026-02-01", "meeting fixed"),
            Registered("P4", "b", "2026-09-01", "2026-09-01", "awaiting meeting"),
        };

        var digest = CouncilLists.WeeklyDigest(plans, new WeeklyDigestRequest(Date("2026-01-12"), Date("2026-01-12")), AssistantDirector);

        Assert.Equal([AssistantDirector], digest.To);
        Assert.Equal(["P2", "P1", "P3"], digest.Facts.Items.Select(i => i.CaseId));
        Assert.Equal("digest:2026-01-12", digest.Key);
    }

    [Fact]
    public void Weekly_digest_adds_the_advice_escalations_and_missed_deadlines_of_the_week_before_after_the_reviews()
    {
        static Notification Sent(string key, NotificationKind kind, string caseId, string on) => new(
            key, kind, caseId, Date(on), ["someone@service.example"], [], Date(on).AddDays(-1),
            new NotificationFacts { ChildInitials = "AB", ContactKey = "health-east" });
        var plans = new[] { Registered("P1", "a", "2026-06-01", "2026-06-01", "escalated") };
        var sent = new[]
        {
            Sent("k1", NotificationKind.AdviceSeniorEscalation, "EHC-2", "2026-01-09"),
            Sent("k2", NotificationKind.AdviceEscalation, "EHC-1", "2026-01-05"),
            Sent("k3", NotificationKind.StatutoryDeadlineMissed, "EHC-3", "2026-01-06"),
            Sent("k4", NotificationKind.AdviceEscalation, "EHC-4", "2026-01-04"), // the week before that
            Sent("k5", NotificationKind.AdviceEscalation, "EHC-5", "2026-01-12"), // this Monday: next week's digest
            Sent("k6", NotificationKind.AdviceReminder, "EHC-6", "2026-01-07"),   // not an escalation
        };

        var digest = CouncilLists.WeeklyDigest(
            plans, new WeeklyDigestRequest(Date("2026-01-12"), Date("2026-01-12")), AssistantDirector, sent);

        Assert.Equal(["P1", "EHC-1", "EHC-3", "EHC-2"], digest.Facts.Items.Select(i => i.CaseId));
        Assert.Contains("escalated to the manager (health-east)", digest.Facts.Items[1].What, StringComparison.Ordinal);
        Assert.Equal("statutory deadline missed", digest.Facts.Items[2].What);
        Assert.Equal("AB", digest.Facts.Items[3].ChildInitials);
    }
}
