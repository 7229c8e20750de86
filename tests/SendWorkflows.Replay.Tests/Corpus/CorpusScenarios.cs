using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Tests.Support;
using SendWorkflows.Workflows.Versioning;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Replay.Tests.Corpus;

/// <summary>
/// How each corpus snapshot was made (fictional cases): what happened before the snapshot, the events still to
/// come, and the date to run through. Run through each instance's next cycle boundary and no further, so a
/// later version of an eternal workflow (which takes over at that boundary) does not change what is compared.
/// </summary>
sealed record CorpusScenario(
    string Name, string Description, string Start, Func<WorkflowScenario, Task> Before, IReadOnlyList<CaseEvent> Remaining, string RunThrough)
{
    public static IReadOnlyList<CorpusScenario> All { get; } =
    [
        new("assessment-advice-outstanding",
            "An assessment agreed, advice asked of the educational psychologist and health; the EP's is in, health's is outstanding.",
            "2025-01-06",
            async s =>
            {
                await s.ApplyAsync(Rows.Request("R1", "2025-01-06"));
                await s.ApplyAsync(new AssessmentDecision("R1-d", "R1", Date("2025-01-20"), AssessmentDecisionKind.Assess));
                await s.ApplyAsync(new AdviceRequested("R1-a1", "R1", Date("2025-01-21"), "ep"));
                await s.ApplyAsync(new AdviceRequested("R1-a2", "R1", Date("2025-01-21"), "health"));
                await s.ApplyAsync(new AdviceReceived("R1-r1", "R1", Date("2025-02-03"), "ep"));
                await s.RunThroughAsync("2025-02-20");
            },
            [
                new AdviceReceived("R1-r2", "R1", Date("2025-03-10"), "health"),
                new DraftPlanIssued("R1-p1", "R1", Date("2025-04-14")),
                new FinalPlanIssued("R1-p2", "R1", Date("2025-05-19")),
            ],
            "2025-06-02"),
        new("review-advice-outstanding",
            "An annual review whose meeting is fixed and whose advice requests are out, none answered yet.",
            "2025-09-01",
            async s =>
            {
                await s.LoadAsync(Rows.Plan("R2", "4", lastReviewOn: "2024-11-03"));
                await s.ApplyAsync(new ReviewMeetingScheduled("R2-s", "R2", Date("2025-09-08"), Date("2025-10-06")));
                await s.RunThroughAsync("2025-09-16");
            },
            [
                new AdviceReceived("R2-a1", "R2", Date("2025-09-19"), "ep"),
                new ReviewMeetingHeld("R2-h", "R2", Date("2025-10-06")),
                new ReviewReportReceived("R2-r", "R2", Date("2025-10-13")),
                new ReviewDecision("R2-d", "R2", Date("2025-10-27"), ReviewDecisionKind.Maintain),
            ],
            "2025-11-03"),
        new("review-meeting-fixed",
            "An annual review with all advice in, waiting for the meeting, its report and the decision.",
            "2025-09-01",
            async s =>
            {
                await s.LoadAsync(Rows.Plan("R3", "4", lastReviewOn: "2024-11-03"));
                await s.ApplyAsync(new ReviewMeetingScheduled("R3-s", "R3", Date("2025-09-08"), Date("2025-10-06")));
                await s.ApplyAsync(new AdviceReceived("R3-a1", "R3", Date("2025-09-12"), "ep"));
                await s.ApplyAsync(new AdviceReceived("R3-a2", "R3", Date("2025-09-15"), "health"));
                await s.RunThroughAsync("2025-09-30");
            },
            [
                new ReviewMeetingHeld("R3-h", "R3", Date("2025-10-06")),
                new ReviewReportReceived("R3-r", "R3", Date("2025-10-20")),
                new ReviewDecision("R3-d", "R3", Date("2025-11-10"), ReviewDecisionKind.Amend),
                new AmendedPlanIssued("R3-p", "R3", Date("2025-12-22")),
            ],
            "2026-01-05"),
        new("review-amend-pending",
            "An annual review decided 'amend', the amended plan not yet issued.",
            "2025-09-01",
            async s =>
            {
                await s.LoadAsync(Rows.Plan("R4", "4", lastReviewOn: "2024-11-03"));
                await s.ApplyAsync(new ReviewMeetingScheduled("R4-s", "R4", Date("2025-09-08"), Date("2025-10-06")));
                await s.ApplyAsync(new AdviceReceived("R4-a1", "R4", Date("2025-09-12"), "ep"));
                await s.ApplyAsync(new AdviceReceived("R4-a2", "R4", Date("2025-09-15"), "health"));
                await s.ApplyAsync(new ReviewMeetingHeld("R4-h", "R4", Date("2025-10-06")));
                await s.ApplyAsync(new ReviewReportReceived("R4-r", "R4", Date("2025-10-13")));
                await s.ApplyAsync(new ReviewDecision("R4-d", "R4", Date("2025-10-27"), ReviewDecisionKind.Amend));
                await s.RunThroughAsync("2025-11-10");
            },
            [new AmendedPlanIssued("R4-p", "R4", Date("2026-01-26"))],
            "2026-02-02"),
        new("review-transfer-year",
            "A Year 6 plan in its transfer year (meeting due by 23 November), not yet fixed and already chased.",
            "2025-09-01",
            async s =>
            {
                await s.LoadAsync(Rows.Plan("R5", "6", lastReviewOn: "2025-03-10"));
                await s.RunThroughAsync("2025-10-15");
            },
            [
                new ReviewMeetingScheduled("R5-s", "R5", Date("2025-10-20"), Date("2025-11-17")),
                new AdviceReceived("R5-a1", "R5", Date("2025-10-27"), "ep"),
                new AdviceReceived("R5-a2", "R5", Date("2025-10-29"), "health"),
                new ReviewMeetingHeld("R5-h", "R5", Date("2025-11-17")),
                new ReviewReportReceived("R5-r", "R5", Date("2025-11-24")),
                new ReviewDecision("R5-d", "R5", Date("2025-12-01"), ReviewDecisionKind.Maintain),
            ],
            "2025-12-08"),
        new("council-lists-and-digest",
            "The weekly digest waiting for Monday and the termly review lists waiting for the spring term's send date.",
            "2025-12-01",
            async s =>
            {
                await s.LoadAsync(Rows.Plan("R6", "4", lastReviewOn: "2025-02-03"));
                await s.Client.ScheduleNewOrchestrationInstanceAsync(
                    nameof(TermlyReviewListOrchestrator), new TermlyReviewListInput(Date("2025-09-01")),
                    WorkflowVersions.StartOptions(nameof(TermlyReviewListOrchestrator), TermlyReviewListOrchestrator.InstanceId));
                await s.Client.ScheduleNewOrchestrationInstanceAsync(
                    nameof(WeeklyDigestOrchestrator), WeeklyDigestInput.FirstOnOrAfter(Date("2025-12-15")),
                    WorkflowVersions.StartOptions(nameof(WeeklyDigestOrchestrator), WeeklyDigestOrchestrator.InstanceId));
                await s.RunThroughAsync("2025-12-16");
            },
            [],
            "2025-12-22"),
        new("v2-assessment-draft-issued",
            "Version 2: an assessment with a family e-mail, decided and its draft plan issued (the family told of both); the final plan and the family's survey to come.",
            "2025-01-06",
            async s =>
            {
                await s.ApplyAsync(Rows.Request("R7", "2025-01-06") with { FamilyEmail = "parent.r7@family.example" });
                await s.ApplyAsync(new AssessmentDecision("R7-d", "R7", Date("2025-01-20"), AssessmentDecisionKind.Assess));
                await s.ApplyAsync(new AdviceRequested("R7-a1", "R7", Date("2025-01-21"), "ep"));
                await s.ApplyAsync(new AdviceReceived("R7-r1", "R7", Date("2025-02-17"), "ep"));
                await s.ApplyAsync(new DraftPlanIssued("R7-p1", "R7", Date("2025-04-14")));
                await s.RunThroughAsync("2025-04-20");
            },
            [
                new FamilyContactChanged("R7-c", "R7", Date("2025-04-28"), "carer.r7@family.example"),
                new FinalPlanIssued("R7-p2", "R7", Date("2025-05-19")),
            ],
            "2025-06-09"),
        new("v2-review-family-survey-open",
            "Version 2: an annual review decided 'maintain' (the family told); the next cycle has sent the family survey, not yet answered.",
            "2025-09-01",
            async s =>
            {
                await s.LoadAsync(Rows.Plan("R8", "4", lastReviewOn: "2024-11-03") with { FamilyEmail = "parent.r8@family.example" });
                await s.ApplyAsync(new ReviewMeetingScheduled("R8-s", "R8", Date("2025-09-08"), Date("2025-10-06")));
                await s.ApplyAsync(new AdviceReceived("R8-a1", "R8", Date("2025-09-12"), "ep"));
                await s.ApplyAsync(new AdviceReceived("R8-a2", "R8", Date("2025-09-15"), "health"));
                await s.ApplyAsync(new ReviewMeetingHeld("R8-h", "R8", Date("2025-10-06")));
                await s.ApplyAsync(new ReviewDecision("R8-d", "R8", Date("2025-10-27"), ReviewDecisionKind.Maintain));
                await s.RunThroughAsync("2025-11-12");
            },
            [
                new FamilySurveyAnswered("R8-f", "R8", Date("2025-11-20"), Involved: true, CommunicationGood: true),
                new FamilyContactChanged("R8-c", "R8", Date("2025-12-01"), null),
            ],
            "2025-12-15"),
        new("monitoring-visit-due",
            "An out-of-area placement whose monitoring visit is due (notice sent), waiting for the visit to be recorded.",
            "2025-09-01",
            async s =>
            {
                await s.LoadAsync(Rows.Plan("R7", "8", lastReviewOn: "2025-03-10") with
                {
                    SettingName = "Hill House", SettingEmail = "office@hillhouse.example", SettingType = SettingType.OutOfArea,
                    LastMonitoringVisitOn = Date("2024-10-04"),
                });
                await s.RunThroughAsync("2025-09-10");
            },
            [new MonitoringVisitRecorded("R7-v", "R7", Date("2025-09-20"))],
            "2025-09-21"),
        new("monthly-report-waiting",
            "The monthly report of December waiting for January's first working day (1 January is a bank holiday).",
            "2025-12-01",
            async s =>
            {
                await s.LoadAsync(Rows.Plan("R7", "4", lastReviewOn: "2025-02-03"));
                await s.Client.ScheduleNewOrchestrationInstanceAsync(
                    nameof(MonthlyReportOrchestrator), MonthlyReportInput.For(Date("2025-12-01")),
                    WorkflowVersions.StartOptions(nameof(MonthlyReportOrchestrator), MonthlyReportOrchestrator.InstanceId));
                await s.RunThroughAsync("2025-12-10");
            },
            [],
            "2026-01-03"),
    ];
}
