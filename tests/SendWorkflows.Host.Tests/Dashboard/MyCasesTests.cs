using SendWorkflows.Domain;
using SendWorkflows.Web.Dashboard;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Dashboard;

/// <summary>A caseworker's list: their plans' reviews and visits due by the Sunday of next week, or overdue.</summary>
public sealed class MyCasesTests
{
    const string Me = "me@council.example.org";

    static RegisteredPlan Plan(string id, string due, string caseworker = Me, string status = "awaiting meeting") => new(
        new RegisterEntry(id, "AB", YearGroup.Year(5), "Oak", SettingType.Residential, null, DateOnly.Parse(due), DateOnly.Parse(due),
            TransferKind.None, status, null, false),
        "senco@oak.example.org", caseworker);

    static MonitoringVisitEntry Visit(string id, string due) =>
        new(id, "AB", "Oak", SettingType.Residential, Me, null, DateOnly.Parse(due));

    [Fact]
    public void Lists_what_falls_due_by_the_end_of_next_week_and_anything_overdue_for_that_caseworker_only()
    {
        var today = new DateOnly(2026, 3, 4); // Wednesday: this week and next end on Sunday 15 March
        var plans = new[]
        {
            Plan("P1", "2026-03-15"),
            Plan("P2", "2026-03-16"),
            Plan("P3", "2026-01-10"),
            Plan("P4", "2026-03-05", caseworker: "other@council.example.org"),
            Plan("P5", "2026-03-06", status: "awaiting decision"),
        };
        var visits = new Dictionary<string, MonitoringVisitEntry> { ["P2"] = Visit("P2", "2026-03-09"), ["P1"] = Visit("P1", "2026-06-01") };

        var items = MyCasesPage.DueThisWeekAndNext(Me.ToUpperInvariant(), plans, visits, today);

        Assert.Equal(
            [("P3", "annual review", true), ("P2", "monitoring visit", false), ("P1", "annual review", false)],
            items.Select(i => (i.PlanId, i.What, i.Overdue)));
    }
}
