using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Host.Simulation;
using SendWorkflows.Runtime;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Calendar;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Dispatch;
using SendWorkflows.Workflows.InMemory;
using SendWorkflows.Workflows.Loading;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>
/// Issue 15/18, ADR 0116: under simulate's shards the council pass reads the monitoring visits and the open assessments
/// as they stood at each Monday, so its weekly digests are the ones the whole caseload on one runtime sends, item for
/// item, whatever the shard size, with the assessments past week 16 and the overdue visits in them.
/// </summary>
public sealed class SimulationDigestTests : IDisposable
{
    static readonly DateOnly From = new(2025, 9, 1);
    static readonly DateOnly To = new(2026, 8, 31);

    readonly string directory = Directory.CreateTempSubdirectory("simulate-digest-").FullName;

    /// <summary>A generated year (80 plans, 24 requests) with some placements out of area and some children waiting.</summary>
    (GeneratedCaseload Year, IReadOnlyList<PlanRecord> Plans) Inputs()
    {
        var year = new CaseloadGenerator(7).Generate(2025, planCount: 80, requestCount: 24);
        var plans = year.Plans
            .Select((p, i) => i % 9 == 0 ? p with { SettingType = SettingType.OutOfArea, LastMonitoringVisitOn = p.LastReviewOn?.AddDays(-300) } : p)
            .Select((p, i) => i % 11 == 0 ? p with { AwaitingProvision = true } : p).ToList();
        using (var caseload = File.CreateText(Path.Combine(directory, "caseload.csv")))
        {
            CaseloadCsvWriter.Write(plans, caseload);
        }

        using (var events = File.CreateText(Path.Combine(directory, "events.jsonl")))
        {
            CaseEventWriter.WriteLines(year.Events, events);
        }

        File.WriteAllText(Path.Combine(directory, "contacts.json"), ContactsDirectoryWriter.ToJson(year.Contacts));
        return (year, plans);
    }

    Task<SimulationResult> SimulateAsync(int plansPerShard) =>
        new Simulator(new SimulationOptions(
            Path.Combine(directory, "caseload.csv"), Path.Combine(directory, "contacts.json"), Path.Combine(directory, "events.jsonl"),
            From, To, Path.Combine(directory, $"out-{plansPerShard}")) { PlansPerShard = plansPerShard }).RunAsync();

    [Fact]
    public async Task Sharded_digests_equal_the_one_runtime_digests_item_for_item_and_list_assessments_past_week_16_and_overdue_visits()
    {
        var (year, plans) = Inputs();

        var oneRuntime = Digests(await OneRuntimeAsync(year.Contacts, plans, year.Events));
        var oneShard = await SimulateAsync(plansPerShard: 5_000);
        var manyShards = await SimulateAsync(plansPerShard: 1);

        Assert.Equal(52, oneRuntime.Count); // 31 August 2026 is a bank holiday: its digest goes on 1 September, after the year
        Assert.Equal(oneRuntime, Digests(oneShard.Notifications));
        Assert.Equal(oneRuntime, Digests(manyShards.Notifications));
        var items = oneRuntime.SelectMany(d => d.Value).ToList();
        Assert.Contains(items, i => i.Contains("|assessment past week 16 without a final plan|", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Contains("|monitoring visit overdue|", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Contains("|awaiting provision: ", StringComparison.Ordinal));
        Assert.Empty(manyShards.FailedWorkflows);
    }

    [Fact]
    public async Task Simulates_files_are_the_same_bytes_with_one_plan_per_shard_and_with_one_shard()
    {
        Inputs();
        foreach (var (size, name) in new[] { (5_000, "one"), (1, "many") })
        {
            var code = await SimulateCommand.RunAsync(
                ["--caseload", Path.Combine(directory, "caseload.csv"), "--contacts", Path.Combine(directory, "contacts.json"),
                 "--events", Path.Combine(directory, "events.jsonl"), "--from", "2025-09-01", "--to", "2026-08-31",
                 "--out", Path.Combine(directory, name), "--shard-plans", $"{size}"],
                TextWriter.Null, TextWriter.Null);
            Assert.Equal(0, code);
        }

        foreach (var file in new[] { "notifications.jsonl", "outcomes.jsonl", "kpis.json", "rejected.jsonl" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(directory, "one", file)), await File.ReadAllBytesAsync(Path.Combine(directory, "many", file)));
        }
    }

    /// <summary>Each weekly digest by its key, as "case|initials|what|due|status" lines.</summary>
    static SortedDictionary<string, List<string>> Digests(IEnumerable<Notification> notifications) => new(
        notifications.Where(n => n.Kind == NotificationKind.WeeklyDigest).ToDictionary(
            n => n.Key, n => n.Facts.Items.Select(i => $"{i.CaseId}|{i.ChildInitials}|{i.What}|{i.DueOn:yyyy-MM-dd}|{i.Status}").ToList()),
        StringComparer.Ordinal);

    /// <summary>
    /// The reference: every case workflow and the weekly digest on one runtime and one clock, as the engine ran before
    /// the shards and as serve runs: the digest reads the live stores.
    /// </summary>
    static async Task<IReadOnlyList<Notification>> OneRuntimeAsync(ContactsDirectory contacts, IReadOnlyList<PlanRecord> plans, IReadOnlyList<CaseEvent> events)
    {
        var clock = new VirtualClock(WorkflowCalendar.ToUtc(From, TimeOnly.MinValue));
        var notifications = new InMemoryNotificationLog();
        Microsoft.DurableTask.Client.DurableTaskClient? client = null;
        await using var services = new ServiceCollection()
            .AddSingleton<INotificationLog>(notifications)
            .AddSingleton<IContactsDirectorySource>(new FixedContactsDirectorySource(contacts))
            .AddSingleton(_ => client!)
            .AddSendWorkflows()
            .BuildServiceProvider();
        await using var runtime = new EmbeddedDurableRuntime(
            WorkflowRegistration.Register(new DurableTaskRegistry()), services, new InMemoryOrchestrationStore(), clock);
        client = runtime.Client;
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(WeeklyDigestOrchestrator), WeeklyDigestInput.FirstOnOrAfter(From),
            WorkflowVersions.StartOptions(nameof(WeeklyDigestOrchestrator), WeeklyDigestOrchestrator.InstanceId));
        foreach (var plan in plans)
        {
            await services.GetRequiredService<CaseloadLoader>().StartAsync(plan, From);
        }

        foreach (var day in events.GroupBy(e => e.On).OrderBy(g => g.Key))
        {
            await runtime.AdvanceToAsync(WorkflowCalendar.ToUtc(day.Key, WorkflowCalendar.EventTime));
            foreach (var e in day)
            {
                await services.GetRequiredService<CaseEventDispatcher>().DispatchAsync(e);
            }

            await runtime.RunUntilIdleAsync();
        }

        await runtime.AdvanceToAsync(Simulator.EndOf(To));
        return notifications.All();
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
