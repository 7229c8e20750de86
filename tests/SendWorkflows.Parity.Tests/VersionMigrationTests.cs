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
/// A test-only version 2 of the annual review, registered under the released name next to version 1: each cycle
/// first records a notice version 1 never sends (key ".../c{cycle}/v2-cycle-notice"), then runs version 1's cycle.
/// </summary>
sealed class AnnualReviewWithTestVersion2 : AnnualReviewOrchestrator
{
    public const string NoticeStep = "v2-cycle-notice";

    public AnnualReviewWithTestVersion2()
        : base((WorkflowVersions.First, RunV1Async), ("2", RunV2Async))
    {
    }

    static async Task<ReviewOutcome?> RunV2Async(TaskOrchestrationContext context, AnnualReviewInput input, string newest)
    {
        var today = WorkflowCalendar.UkDate(context.CurrentUtcDateTime);
        await context.CallActivityAsync<bool>(nameof(RecordNotificationActivity), new NotificationRequest(
            $"{context.InstanceId}/c{input.Cycle}/{NoticeStep}", NotificationKind.ReviewUpcoming, input.Plan.PlanId, today,
            [Recipient.Address(input.Plan.SettingEmail)], [], null, new NotificationFacts { ChildInitials = input.Plan.ChildInitials }));
        return await RunV1Async(context, input, newest);
    }
}

/// <summary>
/// An annual review started on version 1 moves to version 2 at its cycle boundary (ContinueAsNew with the new
/// version) and its next cycle follows version 2, on the embedded runtime and on the real engine alike.
/// </summary>
public sealed class VersionMigrationTests
{
    static readonly IReadOnlyDictionary<string, Func<ITaskOrchestrator>> WithVersion2 =
        new Dictionary<string, Func<ITaskOrchestrator>> { [nameof(AnnualReviewOrchestrator)] = () => new AnnualReviewWithTestVersion2() };

    [Fact]
    public async Task A_version_1_annual_review_runs_its_next_cycle_on_version_2_on_both_engines()
    {
        var now = DateTimeOffset.UtcNow;
        var today = WorkflowCalendar.UkDate(now.UtcDateTime);
        DateOnly Ago(int days) => today.AddDays(-days);
        await using var embedded = new EmbeddedEngine(now, WithVersion2);
        await using var real = await DurableTaskTestHostEngine.StartAsync(WithVersion2);
        ParityEngine[] engines = [embedded, real];

        // The plan is loaded while version 1 is the newest a start asks for (WorkflowVersions), so cycle 1 runs version 1.
        Assert.Equal(WorkflowVersions.First, WorkflowVersions.NewestOf(nameof(AnnualReviewOrchestrator)));
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
            Assert.DoesNotContain(engine.Records.Notifications.All(), n => n.Key.EndsWith(AnnualReviewWithTestVersion2.NoticeStep, StringComparison.Ordinal));
        }

        // The decision ends cycle 1 (version 1); cycle 2 starts on version 2 and sends its notice at once.
        await StepAsync(engines, engine => engine.DispatchAsync(new ReviewDecision("P20-d", "P20", Ago(25), ReviewDecisionKind.Maintain)), "decision");
        foreach (var engine in engines)
        {
            var notice = Assert.Single(engine.Records.Notifications.All(), n => n.Key.EndsWith(AnnualReviewWithTestVersion2.NoticeStep, StringComparison.Ordinal));
            Assert.Equal(($"{ReviewedPlan.InstanceIdFor("P20")}/c2/{AnnualReviewWithTestVersion2.NoticeStep}", today), (notice.Key, notice.On));
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
