using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>
/// Issue 20: dates that once left a review or assessment workflow Failed (or planned advice for 1899) are refused
/// with a reason and kept, and the workflows run on.
/// </summary>
public sealed class BadDateScenarioTests
{
    const string Today = "2026-03-02";

    static async Task<WorkflowScenario> PlanUnderReviewAsync()
    {
        var scenario = WorkflowScenario.Starting(Today);
        await scenario.LoadAsync(Rows.Plan("P1", "4", lastReviewOn: "2025-06-10"));
        return scenario;
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2062-10-20")]
    [InlineData("1900-01-01")]
    public async Task A_meeting_date_out_of_its_window_is_refused_and_kept_and_the_review_runs_on(string meetingOn)
    {
        await using var scenario = await PlanUnderReviewAsync();

        var result = await scenario.DispatchNowAsync(new ReviewMeetingScheduled("P1-s", "P1", Date(Today), Date(meetingOn)));
        await scenario.RunThroughAsync("2026-06-30");

        Assert.Equal(DispatchOutcome.Rejected, result.Outcome);
        Assert.StartsWith($"meetingOn {meetingOn} is more than", result.Reason);
        var kept = Assert.Single(scenario.Rejected.All());
        Assert.Equal(("P1-s", result.Reason), (kept.EventId, kept.Reason));
        Assert.Empty(await scenario.FailedInstancesAsync());
        Assert.Equal(OrchestrationRuntimeStatus.Running, await scenario.StatusOf("review:P1"));
        Assert.NotEqual("meeting fixed", Assert.Single(scenario.Register.All()).Entry.Status);
        Assert.DoesNotContain(scenario.Notifications.All(), n => n.DueOn?.Year is < 2020 or > 2030);
    }

    [Fact]
    public async Task A_meeting_held_on_9999_12_31_is_refused_and_the_review_runs_on()
    {
        await using var scenario = await PlanUnderReviewAsync();

        var result = await scenario.DispatchNowAsync(new ReviewMeetingHeld("P1-h", "P1", DateOnly.MaxValue));
        await scenario.RunThroughAsync("2026-06-30");

        Assert.Equal(DispatchOutcome.Rejected, result.Outcome);
        Assert.Equal("on 9999-12-31 is in the future (today is 2026-03-02): an event reports something that has happened", result.Reason);
        Assert.Equal("P1-h", Assert.Single(scenario.Rejected.All()).EventId);
        Assert.Empty(await scenario.FailedInstancesAsync());
        Assert.Equal(OrchestrationRuntimeStatus.Running, await scenario.StatusOf("review:P1"));
    }

    [Fact]
    public async Task An_assessment_requested_on_9999_12_30_is_refused_and_no_workflow_starts()
    {
        await using var scenario = WorkflowScenario.Starting(Today);

        var result = await scenario.DispatchNowAsync(Rows.Request("C9", "9999-12-30"));

        Assert.Equal(DispatchOutcome.Rejected, result.Outcome);
        Assert.StartsWith("on 9999-12-30 is in the future", result.Reason);
        Assert.Equal("C9-request", Assert.Single(scenario.Rejected.All()).EventId);
        Assert.Null(await scenario.StatusOf("assessment:C9"));
    }

    [Theory]
    [InlineData("1990-01-01", "dateOfBirth is more than 25 years before the request date (on)")]
    [InlineData("2026-03-03", "dateOfBirth is after the request date (on)")]
    public async Task A_request_for_a_child_of_an_impossible_age_is_refused(string dateOfBirth, string reason)
    {
        await using var scenario = WorkflowScenario.Starting(Today);

        var result = await scenario.DispatchNowAsync(Rows.Request("C8", Today) with { DateOfBirth = Date(dateOfBirth) });

        Assert.Equal(DispatchOutcome.Rejected, result.Outcome);
        Assert.StartsWith(reason, result.Reason);
        Assert.Null(await scenario.StatusOf("assessment:C8"));
    }

    [Fact]
    public async Task A_review_that_runs_past_the_bank_holiday_data_keeps_going_on_the_usual_holidays()
    {
        // The data ends with 2030: a review due in 2031, with its meeting and advice in 2031, must not fail.
        await using var scenario = WorkflowScenario.Starting("2030-12-02");
        await scenario.LoadAsync(Rows.Plan("P2", "4", lastReviewOn: "2030-01-10"));
        await scenario.ApplyAsync(new ReviewMeetingScheduled("P2-s", "P2", Date("2030-12-02"), Date("2031-01-20")));
        await scenario.RunThroughAsync("2031-06-30");

        Assert.Empty(await scenario.FailedInstancesAsync());
        Assert.Empty(scenario.Rejected.All());
        Assert.Equal(OrchestrationRuntimeStatus.Running, await scenario.StatusOf("review:P2"));
        var in2031 = scenario.NotificationsFor("P2").Where(n => n.On.Year == 2031).ToList();
        Assert.NotEmpty(in2031);
        Assert.All(in2031, n => Assert.DoesNotContain(n.On, UsualBankHolidays.For(2031)));
        Assert.All(in2031, n => Assert.False(n.On.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday));
    }
}
