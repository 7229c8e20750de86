using FsCheck;
using FsCheck.Fluent;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>
/// Issue 20's property: random dates (near today, far off, the extremes of DateOnly) and random strings in every
/// event type, through the real dispatcher into running review, assessment and advice workflows, never leave an
/// instance Failed, and every event the dispatcher refuses is in the rejected store with its reason. The seeds are
/// fixed, so a failure reproduces.
/// </summary>
public sealed class RandomInputPropertyTests
{
    const string Today = "2026-03-02";
    const int EventsPerRun = 150;

    static readonly Gen<DateOnly> Dates = Gen.Frequency(
        (6, Gen.Choose(-400, 400).Select(days => Date(Today).AddDays(days))),
        (2, Gen.Choose(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber).Select(DateOnly.FromDayNumber)),
        (2, Gen.Elements(DateOnly.MinValue, DateOnly.MaxValue, DateOnly.MaxValue.AddDays(-1), Date("1900-01-01"),
            Date("2062-10-20"), Date("2030-12-31"), Date("2031-01-01"), Date("2014-08-31"))));

    static readonly Gen<string> Strings = Gen.Frequency(
        (3, Gen.Elements("P1", "C1", "ep", "health", "pfa", "social", "nobody")),
        (2, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "")),
        (1, Gen.Elements("", " ", "a\nb", "x\r\nStaff sign-in accepted", new string('z', 5000), "\u0000", "review:P1")));

    static readonly Gen<string> CaseIds = Gen.Frequency((4, Gen.Elements("P1", "C1")), (1, Strings));

    static readonly Gen<CaseEvent> Events =
        from type in Gen.Choose(0, 13)
        from id in Strings
        from caseId in CaseIds
        from day in Dates
        from other in Dates
        from third in Dates
        from text in Strings
        from pick in Gen.Choose(0, 3)
        select Event(type, id, caseId, day, other, third, text, pick);

    static CaseEvent Event(int type, string id, string caseId, DateOnly on, DateOnly other, DateOnly third, string text, int pick) => type switch
    {
        0 => new AssessmentRequested(id, caseId, on, text, other, pick == 0 ? YearGroup.None : YearGroup.Year(pick * 4), text, text, text),
        1 => new AssessmentDecision(id, caseId, on, (AssessmentDecisionKind)(pick % 2)),
        2 => new AdviceRequested(id, caseId, on, text),
        3 => new AdviceReceived(id, caseId, on, text),
        4 => new DraftPlanIssued(id, caseId, on),
        5 => new FinalPlanIssued(id, caseId, on),
        6 => new PlanNotIssued(id, caseId, on),
        7 => new ExceptionRecorded(id, caseId, on, (ExceptionReason)pick, other, third),
        8 => new ReviewMeetingScheduled(id, caseId, on, other),
        9 => new ReviewMeetingHeld(id, caseId, on),
        10 => new ReviewReportReceived(id, caseId, on),
        11 => new ReviewDecision(id, caseId, on, (ReviewDecisionKind)(pick % 3)),
        12 => new AmendedPlanIssued(id, caseId, on),
        _ => new PlanCeased(id, caseId, on),
    };

    public static TheoryData<ulong> Seeds => new(1UL, 2UL, 3UL);

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_events_never_fail_a_workflow_and_every_refusal_is_kept(ulong seed)
    {
        await using var scenario = WorkflowScenario.Starting(Today);
        await scenario.LoadAsync(Rows.Plan("P1", "9", lastReviewOn: "2025-06-10"));
        await scenario.DispatchNowAsync(Rows.Request("C1", Today));
        await scenario.DispatchNowAsync(new AssessmentDecision("C1-d", "C1", Date(Today), AssessmentDecisionKind.Assess));
        await scenario.DispatchNowAsync(new AdviceRequested("C1-a", "C1", Date(Today), "ep"));
        await scenario.DispatchNowAsync(new ReviewMeetingScheduled("P1-s", "P1", Date(Today), Date("2026-04-20")));

        var refused = new List<(CaseEvent Event, string Reason)>();
        foreach (var e in Events.Sample(10, new Rnd(seed), EventsPerRun))
        {
            var result = await scenario.DispatchNowAsync(e);
            if (result.Outcome == DispatchOutcome.Rejected)
            {
                refused.Add((e, result.Reason!));
            }
        }

        await scenario.RunThroughAsync("2027-06-30");

        Assert.Empty(await scenario.FailedInstancesAsync());
        Assert.NotEmpty(refused);
        var kept = scenario.Rejected.All();
        Assert.All(refused, r => Assert.Contains(kept, k => k.EventId == r.Event.Id && k.Reason == r.Reason && !string.IsNullOrWhiteSpace(k.Reason)));
    }
}
