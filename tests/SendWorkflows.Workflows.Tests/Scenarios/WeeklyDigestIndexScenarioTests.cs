using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Tests.Support;
using static SendWorkflows.Workflows.Tests.Support.Build;

namespace SendWorkflows.Workflows.Tests.Scenarios;

/// <summary>
/// Issue 18 / ADR 0115: the weekly digest reads indexes kept as the workflows run (the register's and the visits'
/// digest buckets, the notifications of the week before, the open assessments), and they must give it exactly what the
/// whole tables gave: every Monday of a generated year, the digest from the indexes equals the digest from everything.
/// </summary>
public sealed class WeeklyDigestIndexScenarioTests
{
    [Fact]
    public async Task Every_Monday_of_a_generated_year_the_digest_from_the_indexes_equals_the_digest_from_the_whole_tables()
    {
        var year = new CaseloadGenerator(7).Generate(2025, planCount: 80, requestCount: 24);
        var plans = year.Plans.Select((p, i) => i % 9 == 0 ? p with { SettingType = SettingType.OutOfArea, LastMonitoringVisitOn = p.LastReviewOn?.AddDays(-300) } : p)
            .Select((p, i) => i % 11 == 0 ? p with { AwaitingProvision = true } : p).ToList();
        await using var scenario = WorkflowScenario.Starting(year.LoadedOn.ToString("yyyy-MM-dd"), year.Contacts);
        await scenario.LoadCaseloadAsync(plans);
        var byDay = year.Events.ToLookup(e => e.On);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var mondays = 0;

        for (var day = year.LoadedOn; day <= year.LoadedOn.AddDays(364); day = day.AddDays(1))
        {
            if (day.DayOfWeek == DayOfWeek.Monday)
            {
                await scenario.Runtime.AdvanceToAsync(WorkflowCalendar.ToUtc(day, TimeOnly.MinValue));
                var (fromIndexes, fromEverything) = await BothDigestsAsync(scenario, day, year.Contacts.AssistantDirector);
                Assert.Equal(Lines(fromEverything), Lines(fromIndexes));
                listed.UnionWith(fromIndexes.Facts.Items.Select(i => Section(i.What)));
                mondays++;
            }

            foreach (var e in byDay[day])
            {
                await scenario.ApplyAsync(e);
            }
        }

        Assert.Equal(53, mondays);
        Assert.Superset(
            new HashSet<string> { "review overdue", "due in the next 4 weeks", "advice overdue", "assessment past week 16 without a final plan", "awaiting provision", "monitoring visit overdue" },
            listed);
        Assert.Empty(await scenario.FailedInstancesAsync());
    }

    [Fact]
    public async Task An_assessment_is_open_from_its_request_to_its_end_and_a_late_duplicate_request_does_not_reopen_it()
    {
        await using var scenario = WorkflowScenario.Starting("2025-09-01");
        var request = Rows.Request("A1", "2025-09-01");
        await scenario.DispatchNowAsync(request);
        Assert.Equal(["A1"], scenario.OpenAssessments.All().Select(a => a.CaseId));

        await scenario.ApplyAsync(new AssessmentDecision("A1-d", "A1", Date("2025-10-06"), AssessmentDecisionKind.Decline));
        await scenario.RunThroughAsync("2025-10-31");
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, await scenario.StatusOf("assessment:A1"));
        Assert.Empty(scenario.OpenAssessments.All());

        await scenario.DispatchNowAsync(request);
        Assert.Empty(scenario.OpenAssessments.All());
    }

    static async Task<(Notification FromIndexes, Notification FromEverything)> BothDigestsAsync(WorkflowScenario scenario, DateOnly monday, string assistantDirector)
    {
        var request = new WeeklyDigestRequest(monday, monday);
        var fromIndexes = CouncilLists.WeeklyDigest(
            scenario.Register.ForWeeklyDigest(CouncilLists.DueSoonUntil(monday)), request, assistantDirector,
            scenario.Notifications.OnDates(monday.AddDays(-7), monday),
            new DigestSources(scenario.OpenAssessments.All(), scenario.MonitoringVisits.DueBy(monday)));
        var fromEverything = CouncilLists.WeeklyDigest(
            scenario.Register.All(), request, assistantDirector, scenario.Notifications.All(),
            new DigestSources(await new RunningAssessments(scenario.Client).ListAsync(), scenario.MonitoringVisits.All()));
        return (fromIndexes, fromEverything);
    }

    static List<string> Lines(Notification digest) =>
        [.. digest.Facts.Items.Select(i => $"{i.CaseId}|{i.ChildInitials}|{i.What}|{i.DueOn:yyyy-MM-dd}|{i.Status}")];

    static string Section(string what) =>
        what.StartsWith("advice", StringComparison.Ordinal) ? "advice overdue"
        : what.StartsWith("awaiting provision", StringComparison.Ordinal) ? "awaiting provision"
        : what;
}
