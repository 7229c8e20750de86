using Microsoft.DurableTask.Client;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>
/// The notices to the family (contract section 4) through version 2 of the assessment and review workflows, on the
/// virtual clock: each notice's date, recipient and due date, with a family e-mail and without one (then the
/// caseworker gets it to post).
/// </summary>
public sealed class FamilyNoticeScenarioTests
{
    const string Family = "parent.c1@family.example";

    static (string On, NotificationKind Kind, string To, string? Due, string? Decision, bool ByPost) Line(Notification n) =>
        (n.On.ToString("yyyy-MM-dd"), n.Kind, string.Join(",", n.To), n.DueOn?.ToString("yyyy-MM-dd"), n.Facts.FamilyDecision, n.Facts.SendByPost);

    static IEnumerable<Notification> FamilyNotices(WorkflowScenario scenario, string caseId) => scenario.FamilyNoticesFor(caseId);

    static AssessmentRequested Request(string caseId, string on, string? familyEmail) =>
        Rows.Request(caseId, on) with { FamilyEmail = familyEmail };

    [Theory]
    [InlineData(Family)]
    [InlineData(null)]
    public async Task An_assessment_to_a_final_plan_tells_the_family_of_each_step_and_sends_the_survey_two_weeks_after(string? familyEmail)
    {
        var to = familyEmail ?? Caseworker;
        var byPost = familyEmail is null;
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Request("C1", "2025-01-06", familyEmail));
        await scenario.ApplyAsync(new AssessmentDecision("C1-d", "C1", Date("2025-01-27"), AssessmentDecisionKind.Assess));
        await scenario.ApplyAsync(new DraftPlanIssued("C1-p1", "C1", Date("2025-04-07")));
        await scenario.ApplyAsync(new FinalPlanIssued("C1-p2", "C1", Date("2025-05-12")));
        await scenario.RunThroughAsync("2025-06-30");

        Assert.Equal(
            [
                ("2025-01-27", NotificationKind.FamilyAssessmentDecision, to, "2025-05-26", "assess", byPost),
                ("2025-04-07", NotificationKind.FamilyDraftPlan, to, "2025-04-22", null, byPost),
                ("2025-05-12", NotificationKind.FamilyFinalPlan, to, "2025-07-12", null, byPost),
                // 26 May 2025 is the spring bank holiday: the survey goes on the next working day.
                ("2025-05-27", NotificationKind.FamilySurvey, to, null, null, byPost),
            ],
            FamilyNotices(scenario, "C1").Select(Line));
        var survey = Assert.Single(scenario.Outcomes.All(), o => o.Survey is not null).Survey!;
        Assert.Equal(new FamilySurveyOutcome("C1", Date("2025-05-27")), survey);
        Assert.Equal("FamilySurveyAnswered", FamilyNotices(scenario, "C1").Last().Facts.ResponseEvent);
        Assert.Equal("review:C1", FamilyNotices(scenario, "C1").Last().Facts.AwaitingInstanceId);
    }

    [Theory]
    [InlineData(Family)]
    [InlineData(null)]
    public async Task A_refusal_to_assess_on_a_saturday_is_sent_on_monday_with_the_date_to_appeal_by(string? familyEmail)
    {
        await using var scenario = WorkflowScenario.Starting("2025-01-06");
        await scenario.ApplyAsync(Request("C2", "2025-01-06", familyEmail));
        await scenario.ApplyAsync(new AssessmentDecision("C2-d", "C2", Date("2025-02-08"), AssessmentDecisionKind.Decline));
        await scenario.RunThroughAsync("2025-02-28");

        var notice = Assert.Single(FamilyNotices(scenario, "C2"));
        Assert.Equal(("2025-02-10", NotificationKind.FamilyAssessmentDecision, familyEmail ?? Caseworker, "2025-04-08", "decline", familyEmail is null), Line(notice));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, await scenario.StatusOf("assessment:C2"));
    }

    [Theory]
    [InlineData(Family)]
    [InlineData(null)]
    public async Task A_review_decision_is_told_to_the_family_on_its_day_and_the_survey_follows_two_weeks_later(string? familyEmail)
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P1", "4", lastReviewOn: "2024-11-03") with { FamilyEmail = familyEmail });
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P1-s", "P1", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewMeetingHeld("P1-h", "P1", Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewDecision("P1-d", "P1", Date("2025-10-27"), ReviewDecisionKind.Maintain));
        await scenario.RunThroughAsync("2025-11-30");

        var to = familyEmail ?? Caseworker;
        Assert.Equal(
            [
                ("2025-10-27", NotificationKind.FamilyReviewDecision, to, "2025-12-27", "maintain", familyEmail is null),
                ("2025-11-10", NotificationKind.FamilySurvey, to, null, null, familyEmail is null),
            ],
            FamilyNotices(scenario, "P1").Select(Line));
        Assert.Equal("review:P1/c2/family-survey", FamilyNotices(scenario, "P1").Last().Key);
    }

    [Fact]
    public async Task An_amend_decision_gives_the_amended_plan_date_and_the_survey_goes_within_the_same_cycle()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P2", "4", lastReviewOn: "2024-11-03") with { FamilyEmail = Family });
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P2-s", "P2", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewMeetingHeld("P2-h", "P2", Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewDecision("P2-d", "P2", Date("2025-10-27"), ReviewDecisionKind.Amend));
        await scenario.RunThroughAsync("2025-11-30");

        Assert.Equal(
            [
                ("2025-10-27", NotificationKind.FamilyReviewDecision, Family, "2025-12-22", "amend", false),
                ("2025-11-10", NotificationKind.FamilySurvey, Family, null, null, false),
            ],
            FamilyNotices(scenario, "P2").Select(Line));
        Assert.Equal("review:P2/c1/family-survey-after-decision", FamilyNotices(scenario, "P2").Last().Key);
    }

    [Fact]
    public async Task The_survey_answers_are_recorded_once_and_a_second_answer_is_rejected()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P3", "4", lastReviewOn: "2024-11-03") with { FamilyEmail = Family });
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P3-s", "P3", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewMeetingHeld("P3-h", "P3", Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewDecision("P3-d", "P3", Date("2025-10-27"), ReviewDecisionKind.Maintain));
        await scenario.ApplyAsync(new FamilySurveyAnswered("P3-f1", "P3", Date("2025-11-12"), Involved: true, CommunicationGood: false));
        await scenario.ApplyAsync(new FamilySurveyAnswered("P3-f2", "P3", Date("2025-11-13"), Involved: false, CommunicationGood: false));

        var survey = Assert.Single(scenario.Outcomes.All(), o => o.Survey is not null);
        Assert.Equal(("review:P3/c2/family-survey", new FamilySurveyOutcome("P3", Date("2025-11-10"), Date("2025-11-12"), true, false)), (survey.Key, survey.Survey));
        var rejected = Assert.Single(scenario.Rejected.All());
        Assert.Equal(("P3-f2", "the family survey was already answered on 2025-11-12"), (rejected.EventId, rejected.Reason));
    }

    [Fact]
    public async Task A_family_contact_change_redirects_later_notices_and_a_caseload_reload_updates_the_family_email()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P4", "4", lastReviewOn: "2024-11-03"));
        var loads = await scenario.LoadCaseloadAsync([Rows.Plan("P4", "4", lastReviewOn: "2024-11-03") with { FamilyEmail = Family }]);
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P4-s", "P4", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewMeetingHeld("P4-h", "P4", Date("2025-10-06")));
        await scenario.ApplyAsync(new FamilyContactChanged("P4-f", "P4", Date("2025-10-20"), "new.parent@family.example"));
        await scenario.ApplyAsync(new ReviewDecision("P4-d", "P4", Date("2025-10-27"), ReviewDecisionKind.Maintain));
        await scenario.RunThroughAsync("2025-10-27");

        Assert.Equal(["family e-mail"], Assert.Single(loads).Applied);
        var notice = Assert.Single(FamilyNotices(scenario, "P4"));
        Assert.Equal(("new.parent@family.example", false), (notice.To.Single(), notice.Facts.SendByPost));
        Assert.Equal("new.parent@family.example", scenario.Register.All().Single().FamilyEmail);
    }

    [Fact]
    public async Task A_cease_decision_is_told_to_the_family_with_no_survey_and_their_email_leaves_the_stored_state()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        await scenario.LoadAsync(Rows.Plan("P5", "4", lastReviewOn: "2024-11-03") with { FamilyEmail = Family });
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P5-s", "P5", Date("2025-09-08"), Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewMeetingHeld("P5-h", "P5", Date("2025-10-06")));
        await scenario.ApplyAsync(new ReviewDecision("P5-d", "P5", Date("2025-10-27"), ReviewDecisionKind.Cease));
        await scenario.RunThroughAsync("2025-12-31");

        var notice = Assert.Single(FamilyNotices(scenario, "P5"));
        Assert.Equal(("2025-10-27", NotificationKind.FamilyReviewDecision, Family, "2025-12-27", "cease", false), Line(notice));
        var instance = await scenario.Client.GetInstanceAsync("review:P5", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.DoesNotContain(Family, instance.SerializedInput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Family, await StoredTextAsync(scenario, "review:P5"), StringComparison.OrdinalIgnoreCase);
        var entry = scenario.Register.All().Single();
        Assert.True(entry.Entry.Ceased);
        Assert.Null(entry.FamilyEmail);
    }

    /// <summary>Everything the store holds of an instance: its row and its history.</summary>
    static async Task<string> StoredTextAsync(WorkflowScenario scenario, string instanceId)
    {
        var work = await scenario.Store.LoadWorkAsync(instanceId, includeHistory: true, CancellationToken.None);
        var row = await scenario.Store.GetInstanceAsync(instanceId, CancellationToken.None);
        // As objects, so that each history event is written with its own type's members (the inputs among them).
        object?[] parts = [work?.Instance, .. work?.Messages ?? [], .. work?.History ?? [], row];
        return string.Join("\n", parts.Select(part => System.Text.Json.JsonSerializer.Serialize<object?>(part)));
    }
}
