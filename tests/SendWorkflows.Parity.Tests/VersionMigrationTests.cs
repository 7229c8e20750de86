using Microsoft.DurableTask;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Parity.Tests.Engines;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Notifications;
using SendWorkflows.Workflows.Review;
using SendWorkflows.Workflows.Tests.Support;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Parity.Tests;

/// <summary>
/// A test-only version 3 of the annual review, registered under the released name next to versions 1 and 2: each
/// cycle first records a notice the released versions never send (key ".../c{cycle}/v3-cycle-notice"), then runs
/// version 2's cycle.
/// </summary>
sealed class AnnualReviewWithTestVersion3 : AnnualReviewOrchestrator
{
    public const string NoticeStep = "v3-cycle-notice";

    public AnnualReviewWithTestVersion3()
        : base((WorkflowVersions.First, RunV1Async), ("2", RunV2Async), ("3", RunV3Async))
    {
    }

    static async Task<ReviewOutcome?> RunV3Async(TaskOrchestrationContext context, AnnualReviewInput input, string newest)
    {
        var today = WorkflowCalendar.UkDate(context.CurrentUtcDateTime);
        await context.CallActivityAsync<bool>(nameof(RecordNotificationActivity), new NotificationRequest(
            $"{context.InstanceId}/c{input.Cycle}/{NoticeStep}", NotificationKind.ReviewUpcoming, input.Plan.PlanId, today,
            [Recipient.Address(input.Plan.SettingEmail)], [], null, new NotificationFacts { ChildInitials = input.Plan.ChildInitials }));
        return await RunV2Async(context, input, newest);
    }
}

/// <summary>
/// An annual review started on the newest released version (2) moves to a newer version (a test-only 3) at its cycle
/// boundary (ContinueAsNew with the new version) and its next cycle follows it, on the embedded runtime and on the
/// real engine alike. (Version 1 to 2 over a released history: tests/SendWorkflows.Replay.Tests.)
/// </summary>
public sealed class VersionMigrationTests
{
    static readonly IReadOnlyDictionary<string, Func<ITaskOrchestrator>> WithVersion3 =
        new Dictionary<string, Func<ITaskOrchestrator>> { [nameof(AnnualReviewOrchestrator)] = () => new AnnualReviewWithTestVersion3() };

    [Fact]
    public async Task A_version_2_annual_review_runs_its_next_cycle_on_a_newer_version_on_both_engines()
    {
        var now = DateTimeOffset.UtcNow;
        var today = WorkflowCalendar.UkDate(now.UtcDateTime);
        DateOnly Ago(int days) => today.AddDays(-days);
        await using var embedded = new EmbeddedEngine(now, WithVersion3);
        await using var real = await DurableTaskTestHostEngine.StartAsync(WithVersion3);
        ParityEngine[] engines = [embedded, real];

        // The plan is loaded while version 2 is the newest a start asks for (WorkflowVersions), so cycle 1 runs version 2.
        Assert.Equal("2", WorkflowVersions.NewestOf(nameof(AnnualReviewOrchestrator)));
        var row = Rows.Plan("P20", "4", lastReviewOn: Ago(380).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        CaseEvent[] cycleOne =
        [
            new ReviewMeetingScheduled("P20-s", "P20", Ago(60), Ago(40)),
            new AdviceReceived("P20-a1", "P20", Ago(55), "ep"),
            new AdviceReceived("P20-a2", "P20", Ago(54), "health"),
            new ReviewMeetingHeld("P20-h", "P20", Ago(40)),
            new ReviewReportReceived("P20-r", "P20", Ago(35)),
        ];

        await StepAsync(engines, e => e.LoadAsync(row, today), "load");
        foreach (var e in cycleOne)
        {
            await StepAsync(engines, engine => engine.DispatchAsync(e), e.ToString());
        }

        foreach (var engine in engines)
        {
            Assert.DoesNotContain(engine.Records.Notifications.All(), n => n.Key.EndsWith(AnnualReviewWithTestVersion3.NoticeStep, StringComparison.Ordinal));
        }

        // The decision ends cycle 1 (version 2, once the family is told); cycle 2 starts on version 3 and sends its notice at once.
        await StepAsync(engines, engine => engine.DispatchAsync(new ReviewDecision("P20-d", "P20", Ago(25), ReviewDecisionKind.Maintain)), "decision");
        foreach (var engine in engines)
        {
            var notice = Assert.Single(engine.Records.Notifications.All(), n => n.Key.EndsWith(AnnualReviewWithTestVersion3.NoticeStep, StringComparison.Ordinal));
            Assert.Equal(($"{ReviewedPlan.InstanceIdFor("P20")}/c2/{AnnualReviewWithTestVersion3.NoticeStep}", today), (notice.Key, notice.On));
            Assert.Contains(engine.Records.Outcomes.All(), o => o.Key == $"{ReviewedPlan.InstanceIdFor("P20")}/c1");
        }
    }

    /// <summary>One step on both engines, then both settle to the same records (as <see cref="EngineParityTests"/>).</summary>
    static async Task StepAsync(ParityEngine[] engines, Func<ParityEngine, Task> step, string what)
    {
        foreach (var engine in engines)
        {
            await step(engine);
        }

        var expected = await engines[0].SettleAsync(null);
        var actual = await engines[1].SettleAsync(expected);
        Assert.True(actual.SameAs(expected), $"After {what} the engines differ.\n{engines[0].Name}: {expected}\n{engines[1].Name}: {actual}");
    }
}
