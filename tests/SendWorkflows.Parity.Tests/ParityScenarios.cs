using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Parity.Tests;

/// <summary>One thing a scenario does to an engine: load a caseload row, or dispatch a case event.</summary>
abstract record Step
{
    public sealed record Load(PlanRecord Row) : Step;

    public sealed record Dispatch(CaseEvent Event) : Step;
}

/// <summary>
/// The parity scenarios. The real engine runs on the wall clock, so every date is relative to today (UK) and in the
/// past, or is a meeting date the workflows only read: every timer a step creates is already due, and each step
/// settles in seconds on both engines (ADR 0006).
/// </summary>
static class ParityScenarios
{
    public static IReadOnlyList<Step> For(string name, DateOnly today)
    {
        DateOnly Ago(int days) => today.AddDays(-days);
        return name switch
        {
            // An assessment requested five months ago whose health advice never came: every assessment reminder and
            // alert and every rung of the advice ladder are due at once.
            "full advice ladder" =>
            [
                new Step.Dispatch(Rows.Request("A1", Iso(Ago(150)))),
                new Step.Dispatch(new AssessmentDecision("A1-d", "A1", Ago(140), AssessmentDecisionKind.Assess)),
                new Step.Dispatch(new AdviceRequested("A1-a", "A1", Ago(139), "health")),
            ],
            "assessment to final plan" =>
            [
                new Step.Dispatch(Rows.Request("A2", Iso(Ago(160)))),
                new Step.Dispatch(new AssessmentDecision("A2-d", "A2", Ago(150), AssessmentDecisionKind.Assess)),
                new Step.Dispatch(new AdviceRequested("A2-a1", "A2", Ago(149), "ep")),
                new Step.Dispatch(new AdviceRequested("A2-a2", "A2", Ago(149), "health")),
                new Step.Dispatch(new AdviceReceived("A2-r1", "A2", Ago(130), "ep")),
                new Step.Dispatch(new AdviceReceived("A2-r2", "A2", Ago(100), "health")),
                new Step.Dispatch(new DraftPlanIssued("A2-p1", "A2", Ago(60))),
                new Step.Dispatch(new FinalPlanIssued("A2-p2", "A2", Ago(30))),
            ],
            "declined assessment" =>
            [
                new Step.Dispatch(Rows.Request("A3", Iso(Ago(60)))),
                new Step.Dispatch(new AssessmentDecision("A3-d", "A3", Ago(40), AssessmentDecisionKind.Decline)),
                new Step.Dispatch(new DraftPlanIssued("A3-p", "A3", Ago(20))),
            ],
            "review with a transfer deadline" =>
            [
                new Step.Load(Rows.Plan("P6", "6", lastReviewOn: Iso(Ago(300)))),
                new Step.Dispatch(new ReviewMeetingScheduled("P6-s", "P6", Ago(20), Ago(5))),
                new Step.Dispatch(new ReviewMeetingHeld("P6-h", "P6", Ago(5))),
            ],
            "amend" =>
            [
                new Step.Load(Rows.Plan("P7", "4", lastReviewOn: Iso(Ago(380)))),
                new Step.Dispatch(new ReviewMeetingScheduled("P7-s", "P7", Ago(60), Ago(40))),
                new Step.Dispatch(new AdviceReceived("P7-a1", "P7", Ago(55), "ep")),
                new Step.Dispatch(new AdviceReceived("P7-a2", "P7", Ago(54), "health")),
                new Step.Dispatch(new ReviewMeetingHeld("P7-h", "P7", Ago(40))),
                new Step.Dispatch(new ReviewReportReceived("P7-r", "P7", Ago(35))),
                new Step.Dispatch(new ReviewDecision("P7-d", "P7", Ago(25), ReviewDecisionKind.Amend)),
                new Step.Dispatch(new AmendedPlanIssued("P7-p", "P7", Ago(2))),
            ],
            "cease" =>
            [
                new Step.Load(Rows.Plan("P8", "4", lastReviewOn: Iso(Ago(100)))),
                new Step.Dispatch(new PlanCeased("P8-c", "P8", Ago(3))),
                new Step.Dispatch(new ReviewMeetingScheduled("P8-s", "P8", Ago(2), today.AddDays(20))),
            ],
            "moved meeting" =>
            [
                new Step.Load(Rows.Plan("P9", "4", lastReviewOn: Iso(Ago(330)))),
                new Step.Dispatch(new ReviewMeetingScheduled("P9-s", "P9", Ago(30), today.AddDays(20))),
                new Step.Dispatch(new AdviceReceived("P9-a1", "P9", Ago(25), "ep")),
                new Step.Dispatch(new ReviewMeetingScheduled("P9-s2", "P9", Ago(20), today.AddDays(40))),
            ],
            "duplicate event" =>
            [
                new Step.Dispatch(Rows.Request("A4", Iso(Ago(30)))),
                new Step.Dispatch(new AdviceRequested("A4-dup", "A4", Ago(25), "health")),
                new Step.Dispatch(new AdviceRequested("A4-dup", "A4", Ago(25), "health")),
                new Step.Dispatch(Rows.Request("A4", Iso(Ago(30)))),
            ],
            "impossible event" =>
            [
                new Step.Load(Rows.Plan("P10", "4", lastReviewOn: Iso(Ago(330)))),
                new Step.Dispatch(new ReviewDecision("P10-d", "P10", Ago(10), ReviewDecisionKind.Maintain)),
                new Step.Dispatch(new ReviewMeetingScheduled("P10-s", "P10", Ago(5), today.AddDays(30))),
                new Step.Dispatch(new FinalPlanIssued("P10-f", "P10", Ago(4))),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such parity scenario."),
        };
    }

    public static TheoryData<string> Names => new(
        "full advice ladder", "assessment to final plan", "declined assessment", "review with a transfer deadline",
        "amend", "cease", "moved meeting", "duplicate event", "impossible event");

    static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
