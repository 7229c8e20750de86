using FakeItEasy;
using Microsoft.DurableTask;
using SendWorkflows.Workflows.Versioning;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Orchestrators;

public sealed class CouncilOrchestratorTests
{
    [Fact]
    public async Task Weekly_digest_on_a_bank_holiday_Monday_goes_on_Tuesday_then_continues_with_the_next_Monday()
    {
        var script = new ScriptedContext(WeeklyDigestOrchestrator.InstanceId, Date("2026-05-01"));
        A.CallTo(() => script.Context.CallActivityAsync<int>(A<TaskName>._, A<object?>._, A<TaskOptions?>._)).Returns(3);

        await script.Run(ctx => new WeeklyDigestOrchestrator().RunAsync(ctx, new WeeklyDigestInput(Date("2026-05-04"))));

        A.CallTo(() => script.Context.CreateTimer(WorkflowCalendar.ListAtUtc(Date("2026-05-05")), A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        A.CallTo(() => script.Context.CallActivityAsync<int>(
                nameof(SendWeeklyDigestActivity), new WeeklyDigestRequest(Date("2026-05-04"), Date("2026-05-05")), A<TaskOptions?>._))
            .MustHaveHappenedOnceExactly();
        A.CallTo(() => script.Context.ContinueAsNew(A<ContinueAsNewOptions>.That.Matches(o =>
                Equals(o.NewInput, new WeeklyDigestInput(Date("2026-05-11"))) && o.NewVersion == WorkflowVersions.NewestOf(nameof(WeeklyDigestOrchestrator)))))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Monthly_report_goes_on_the_first_working_day_of_the_next_month_then_continues_with_the_next_month()
    {
        var script = new ScriptedContext(MonthlyReportOrchestrator.InstanceId, Date("2026-07-20"));
        A.CallTo(() => script.Context.CallActivityAsync<int>(A<TaskName>._, A<object?>._, A<TaskOptions?>._)).Returns(10);

        await script.Run(ctx => new MonthlyReportOrchestrator().RunAsync(ctx, MonthlyReportInput.For(Date("2026-07-20"))));

        // 1 August 2026 is a Saturday: the July report goes on Monday 3 August.
        A.CallTo(() => script.Context.CreateTimer(WorkflowCalendar.ListAtUtc(Date("2026-08-03")), A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        A.CallTo(() => script.Context.CallActivityAsync<int>(
                nameof(SendMonthlyReportActivity), new MonthlyReportRequest(Date("2026-07-01"), Date("2026-08-03")), A<TaskOptions?>._))
            .MustHaveHappenedOnceExactly();
        A.CallTo(() => script.Context.ContinueAsNew(A<ContinueAsNewOptions>.That.Matches(o =>
                Equals(o.NewInput, new MonthlyReportInput(Date("2026-08-01"))) && o.NewVersion == WorkflowVersions.NewestOf(nameof(MonthlyReportOrchestrator)))))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Termly_lists_go_two_weeks_before_the_spring_term_and_cover_the_whole_term()
    {
        var script = new ScriptedContext(TermlyReviewListOrchestrator.InstanceId, Date("2025-09-01"));

        await script.Run(ctx => new TermlyReviewListOrchestrator().RunAsync(ctx, new TermlyReviewListInput(Date("2025-09-01"))));

        A.CallTo(() => script.Context.CallActivityAsync<int>(
                nameof(SendTermlyReviewListsActivity),
                A<TermlyReviewListRequest>.That.Matches(r => r.SendOn == Date("2025-12-22") && r.TermStart == Date("2026-01-05") && r.TermEnd == Date("2026-04-12")),
                A<TaskOptions?>._))
            .MustHaveHappenedOnceExactly();
        A.CallTo(() => script.Context.ContinueAsNew(A<ContinueAsNewOptions>.That.Matches(o =>
                Equals(o.NewInput, new TermlyReviewListInput(Date("2026-01-05"))) && o.NewVersion == WorkflowVersions.NewestOf(nameof(TermlyReviewListOrchestrator)))))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Termly_lists_keep_going_after_the_bank_holiday_data_ends()
    {
        // The data covers 2020-2030; the spring term of 2031 comes from the usual rules (ADR 0113), not a failed workflow.
        var script = new ScriptedContext(TermlyReviewListOrchestrator.InstanceId, Date("2030-09-02"));

        await script.Run(ctx => new TermlyReviewListOrchestrator().RunAsync(ctx, new TermlyReviewListInput(Date("2030-09-02"))));

        A.CallTo(() => script.Context.CallActivityAsync<int>(
                nameof(SendTermlyReviewListsActivity),
                A<TermlyReviewListRequest>.That.Matches(r => r.SendOn == Date("2030-12-23") && r.TermStart == Date("2031-01-06") && r.TermEnd == Date("2031-04-20")),
                A<TaskOptions?>._))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public void First_digest_Monday_is_the_start_day_when_it_is_a_Monday_else_the_next_one()
    {
        Assert.Equal(Date("2025-09-01"), WeeklyDigestInput.FirstOnOrAfter(Date("2025-09-01")).Monday);
        Assert.Equal(Date("2025-09-08"), WeeklyDigestInput.FirstOnOrAfter(Date("2025-09-02")).Monday);
    }
}
