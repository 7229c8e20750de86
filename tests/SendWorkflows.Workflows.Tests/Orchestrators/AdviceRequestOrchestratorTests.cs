using FakeItEasy;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Events;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Orchestrators;

public sealed class AdviceRequestOrchestratorTests
{
    // Requested Monday 6 January 2025: due Monday 17 February (6 weeks).
    static readonly AdviceLadderInput Request = new(
        "C1", "health", NotificationKind.AdviceRequest, Date("2025-01-06"), Date("2025-02-17"),
        AdviceLadder.AssessmentReminderDays, Caseworker, "AB");

    [Fact]
    public void Unanswered_request_climbs_the_whole_ladder_on_its_dates()
    {
        var script = new ScriptedContext("assessment:C1:advice:health", Date("2025-01-06"));

        var run = script.Run(ctx => new AdviceRequestOrchestrator().RunAsync(ctx, Request));

        Assert.False(run.IsCompleted);
        Assert.Equal(
            [
                (NotificationKind.AdviceRequest, "2025-01-06", RecipientRole.Contact),
                (NotificationKind.AdviceReminder, "2025-02-03", RecipientRole.Contact),
                (NotificationKind.AdviceOverdue, "2025-02-18", RecipientRole.Contact),
                (NotificationKind.AdviceEscalation, "2025-02-18", RecipientRole.ContactManager),
                (NotificationKind.AdviceSeniorEscalation, "2025-02-27", RecipientRole.ContactSeniorLead),
            ],
            script.Notifications.Select(n => (n.Kind, n.On.ToString("yyyy-MM-dd"), n.To.Single().Role)));
        Assert.All(script.Notifications, n => Assert.Equal(Date("2025-02-17"), n.DueOn));
        Assert.Equal([Recipient.Address(Caseworker)], script.Notifications[^1].Cc);
        Assert.Equal("assessment:C1:advice:health/senior-escalation", script.Notifications[^1].Key);
        Assert.Equal(
            ["asked on 2025-01-06", "reminded on 2025-02-03", "told the advice is overdue on 2025-02-18", "their manager told on 2025-02-18"],
            script.Notifications[^1].Facts.AlreadyChased);
    }

    [Fact]
    public async Task Advice_received_stops_the_ladder_and_reports_it_met()
    {
        var script = new ScriptedContext("assessment:C1:advice:health", Date("2025-01-06"))
            .Then(Date("2025-02-10").ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), EventNames.AdviceSignal,
                new AdviceSignal(AdviceSignalKind.Received, Date("2025-02-10")));

        var outcome = await script.Run(ctx => new AdviceRequestOrchestrator().RunAsync(ctx, Request));

        Assert.Equal([NotificationKind.AdviceRequest, NotificationKind.AdviceReminder], script.Notifications.Select(n => n.Kind));
        Assert.Equal(new AdviceOutcome("health", ContactRole.Health, Date("2025-01-06"), Date("2025-02-17"), Date("2025-02-10"),
            LimitStatus.Met, NotificationKind.AdviceReminder), outcome);
    }

    [Fact]
    public async Task Stopped_after_its_due_date_reports_the_advice_missed()
    {
        var script = new ScriptedContext("x", Date("2025-01-06"))
            .Then(Date("2025-02-20").ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), EventNames.AdviceSignal,
                new AdviceSignal(AdviceSignalKind.Stop, Date("2025-02-20")));

        var outcome = await script.Run(ctx => new AdviceRequestOrchestrator().RunAsync(ctx, Request));

        Assert.Equal(LimitStatus.Missed, outcome.Status);
        Assert.Null(outcome.ReceivedOn);
        Assert.Equal(NotificationKind.AdviceEscalation, outcome.HighestChase);
        A.CallTo(() => script.Context.CreateTimer(A<DateTime>._, A<CancellationToken>._)).MustHaveHappened(5, Times.Exactly);
    }

    [Fact]
    public void A_moved_review_meeting_moves_the_due_date_asks_again_and_chases_against_the_new_date()
    {
        // Review meeting 17 March 2025: advice due 3 March; moved on 26 February to 28 April: due 14 April.
        var review = new AdviceLadderInput(
            "P1", "ep", NotificationKind.ReviewAdviceRequest, Date("2025-01-06"), Date("2025-03-03"),
            AdviceLadder.ReviewReminderDays, Caseworker, "AB", Date("2025-03-17"));
        var script = new ScriptedContext("review:P1:c1:advice:ep", Date("2025-01-06"))
            .Then(Date("2025-02-26").ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), EventNames.AdviceSignal,
                new AdviceSignal(AdviceSignalKind.MeetingMoved, Date("2025-02-26"), Date("2025-04-28")));

        script.Run(ctx => new AdviceRequestOrchestrator().RunAsync(ctx, review));

        Assert.Equal(
            [
                (NotificationKind.ReviewAdviceRequest, "2025-01-06", "2025-03-03"),
                (NotificationKind.AdviceReminder, "2025-02-24", "2025-03-03"),
                (NotificationKind.ReviewAdviceRequest, "2025-02-26", "2025-04-14"),
                (NotificationKind.AdviceReminder, "2025-04-07", "2025-04-14"),
                (NotificationKind.AdviceOverdue, "2025-04-15", "2025-04-14"),
                (NotificationKind.AdviceEscalation, "2025-04-15", "2025-04-14"),
                (NotificationKind.AdviceSeniorEscalation, "2025-04-24", "2025-04-14"),
            ],
            script.Notifications.Select(n => (n.Kind, n.On.ToString("yyyy-MM-dd"), n.DueOn!.Value.ToString("yyyy-MM-dd"))));
        Assert.Equal("review:P1:c1:advice:ep/request-r1", script.Notifications[2].Key);
        Assert.Equal(Date("2025-04-28"), script.Notifications[2].Facts.MeetingOn);
        Assert.Equal(Date("2025-01-06"), script.Notifications[2].Facts.RequestedOn); // first asked then, as the escalation says
        Assert.Contains("reminded on 2025-02-24", script.Notifications[^1].Facts.AlreadyChased);
    }
}
