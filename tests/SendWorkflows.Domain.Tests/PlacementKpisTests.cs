using static SendWorkflows.Domain.Tests.Dates;

namespace SendWorkflows.Domain.Tests;

/// <summary>The placement KPIs on small data checked by hand; the comments give the sums.</summary>
public class PlacementKpisTests
{
    static readonly DateOnly From = D("2026-01-01");
    static readonly DateOnly To = D("2026-12-31");

    static KpiReport Empty(DateOnly asOf) => Kpis.Compute(From, To, [], [], [], asOf);

    static ReviewOutcome Review(string planId, string due, ReviewDecisionKind? decision, string? amendedOn = null) => new(
        planId, 1, D(due), D(due), TransferKind.None, D(due), LimitCheck.Evaluate("meeting", D(due), D(due), D(due)),
        decision is null ? null : D(due).AddDays(20), decision, null,
        decision == ReviewDecisionKind.Amend ? LimitCheck.Evaluate("amended-plan", D(due).AddDays(84), amendedOn is null ? null : D(amendedOn), D("2026-12-31")) : null,
        []);

    static RegisterEntry Plan(string planId, string nextDue, bool waiting = false, string? since = null, bool ceased = false) => new(
        planId, "AB", YearGroup.Year(5), "Oak", SettingType.Mainstream, null, D(nextDue), D(nextDue), TransferKind.None, "awaiting meeting",
        null, waiting, ceased, since is null ? null : D(since));

    static MonitoringVisitEntry Visit(string planId, string? last, string? due) =>
        new(planId, "AB", "Hill House", SettingType.OutOfArea, "cw@council.example", last is null ? null : D(last), due is null ? null : D(due));

    [Fact]
    public void Visits_within_12_months_count_placements_visited_in_the_last_year_out_of_those_monitored_with_a_visit_due()
    {
        var asOf = D("2026-12-20");
        var report = Kpis.WithPlacements(Empty(asOf), [], [],
        [
            Visit("V1", "2026-01-10", "2027-01-10"), // visited within 12 months
            Visit("V2", "2025-11-01", "2026-11-01"), // last visit over 12 months ago: overdue
            Visit("V3", null, "2026-10-01"),         // new placement, first visit overdue
            Visit("V4", null, "2027-02-01"),         // new placement, first visit not due: not counted
            Visit("V5", "2025-12-20", "2026-12-20"), // exactly 12 months ago today: within
            Visit("V6", "2026-03-01", null),         // moved to a setting that is not visited: not counted
        ]);

        Assert.Equal(Rate.Of(2, 4), report.MonitoredPlacementsVisitedWithin12Months);
        Assert.Equal("2 of 4", Kpis.CountOf(report.MonitoredPlacementsVisitedWithin12Months!));
    }

    [Fact]
    public void Reviews_due_in_the_period_are_completed_by_the_decision_and_for_an_amendment_the_amended_plan()
    {
        var asOf = D("2026-12-31");
        var reviews = new[]
        {
            Review("R1", "2026-03-01", ReviewDecisionKind.Maintain),                 // completed
            Review("R2", "2026-04-01", ReviewDecisionKind.Amend, "2026-06-01"),      // completed
            Review("R3", "2026-05-01", ReviewDecisionKind.Amend),                    // amended plan not issued
            Review("R4", "2026-06-01", null),                                        // no decision
            Review("R5", "2025-12-01", ReviewDecisionKind.Maintain),                 // due before the period
        };
        var register = new[]
        {
            Plan("R6", "2026-11-01"),                  // due in the period, not yet recorded
            Plan("R1", "2027-03-01"),                  // next cycle, due after the period
            Plan("R7", "2026-10-01", ceased: true),    // ceased: not counted
        };

        var report = Kpis.WithPlacements(Empty(asOf), reviews, register, []);

        Assert.Equal(Rate.Of(2, 5), report.ReviewsDueCompleted);
    }

    [Fact]
    public void Waits_for_provision_give_the_median_and_the_longest_in_days()
    {
        var asOf = D("2026-12-20");
        var register = new[]
        {
            Plan("W1", "2027-03-01", waiting: true, since: "2026-12-10"), // 10 days
            Plan("W2", "2027-03-01", waiting: true, since: "2026-11-10"), // 40 days
            Plan("W3", "2027-03-01", waiting: true, since: "2026-12-17"), // 3 days
            Plan("W4", "2027-03-01", waiting: true, since: "2026-10-01"), // 80 days
            Plan("W5", "2027-03-01"),
        };

        var report = Kpis.WithPlacements(Empty(asOf), [], register, []);

        Assert.Equal(new ProvisionWaits(4, 25, 80), report.WaitingForProvision);
        Assert.Contains("\"waitingForProvision\"", report.ToJson(), StringComparison.Ordinal);
        Assert.True(report.ToJson().IndexOf("\"overdueReviews\"", StringComparison.Ordinal) < report.ToJson().IndexOf("\"monitoredPlacementsVisitedWithin12Months\"", StringComparison.Ordinal));
    }
}
