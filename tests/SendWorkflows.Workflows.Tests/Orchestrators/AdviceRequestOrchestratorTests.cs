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
}
