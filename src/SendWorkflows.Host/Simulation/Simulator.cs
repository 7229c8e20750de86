using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Calendar;

namespace SendWorkflows.Host.Simulation;

/// <summary>Everything a simulation recorded, in the contract's deterministic orders.</summary>
/// <param name="Notifications">Every notification with its facts when the run kept them in memory; empty when it spilled them (ADR 0016).</param>
public sealed record SimulationResult(
    IReadOnlyList<Notification> Notifications,
    IReadOnlyList<RecordedOutcome> Outcomes,
    IReadOnlyList<RejectedEvent> Rejected,
    KpiReport Kpis,
    int PlansLoaded,
    int EventsApplied,
    IReadOnlyList<string> FailedWorkflows,
    IReadOnlyList<RegisterEntry>? Register = null)
{
    /// <summary>What a <c>--what-if</c> scenario changed in the inputs; null for a plain run.</summary>
    public WhatIfChanges? WhatIf { get; init; }

    /// <summary>What notifications.jsonl holds, in its order, whether the run kept the notifications in memory or spilled them.</summary>
    public SimulatedNotifications ContractNotifications { get; init; } = new([new InMemoryNotificationRun(Notifications)]);

    /// <summary>The monitoring-visit register as the run left it (the placement KPIs of any period).</summary>
    public IReadOnlyList<MonitoringVisitEntry> MonitoringVisits { get; init; } = [];
}

/// <summary>
/// Runs the real workflows on the embedded runtime with a virtual clock (ADR 0013): the cases are split into shards
/// by case id, each shard runs the year on a runtime of its own (as many at once as there are cores), then the
/// council-wide workflows run over what the shards recorded. Cases never read each other, so the outputs are the
/// same bytes whatever the shard size; memory grows with one shard, not with the whole caseload's workflows.
/// </summary>
/// <param name="progress">Told when each shard finishes, for long runs; null to stay quiet.</param>
public sealed class Simulator(SimulationOptions options, TextWriter? progress = null)
{
    int shardCount;

    /// <summary>The last instant of the simulated period.</summary>
    internal static DateTimeOffset EndOf(DateOnly to) => WorkflowCalendar.ToUtc(to.AddDays(1), TimeOnly.MinValue).AddTicks(-1);

    public async Task<SimulationResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (shards, read, whatIf) = Prepare();
        shardCount = shards.Length;
        Say(clock, $"inputs read and cut into {shards.Length} shard(s){JitSettings()}");
        var results = await RunShardsAsync(shards, read.Contacts, clock, cancellationToken);
        Say(clock, "shards done");
        var outcomes = MergedOutcomes(results.Select(r => r.Outcomes));
        IReadOnlyList<RejectedEvent> rejected = [.. read.Rejected, .. results.SelectMany(r => r.Rejected)];
        // The files appear in the out folder together, once everything has succeeded.
        using var staged = options.WritesFiles ? StagedFiles.In(options.OutDirectory) : null;
        // What the cases left needs nothing of the council pass, so it is merged (and written) while the pass runs.
        // Both are awaited before either result is used, so a failure in one never leaves the other unobserved.
        var council = Task.Run(() => new CouncilPass(options, read.Contacts).RunAsync(results, outcomes, cancellationToken), cancellationToken);
        var merge = Task.Run(() => MergeCasesAsync(results, outcomes, rejected, staged?.Folder, clock), cancellationToken);
        await Task.WhenAll(council, merge);
        var cases = await merge;
        var (councilNotifications, councilFailed) = await council;
        Say(clock, "council pass done");

        NotificationRun[] runs = [.. results.Select(r => r.Notifications), new InMemoryNotificationRun(councilNotifications)];
        var notifications = new SimulatedNotifications(runs);
        if (staged is not null)
        {
            await SimulationOutput.WriteNotificationsAsync(notifications, staged.Folder);
            staged.Commit();
            Say(clock, "notifications written, files moved into place");
        }

        return new SimulationResult(
            InMemory(runs), outcomes, rejected, cases.Kpis, read.PlansLoaded,
            results.Sum(r => r.EventsApplied),
            [.. results.SelectMany(r => r.FailedWorkflows).Concat(councilFailed).Order(StringComparer.Ordinal)],
            cases.Register)
        {
            WhatIf = whatIf,
            MonitoringVisits = cases.MonitoringVisits,
            ContractNotifications = notifications,
        };
    }

    /// <param name="folder">Where to write outcomes, rejections and KPIs; null to write nothing.</param>
    async Task<CaseResults> MergeCasesAsync(
        IReadOnlyList<ShardResult> results, IReadOnlyList<RecordedOutcome> outcomes, IReadOnlyList<RejectedEvent> rejected, string? folder,
        System.Diagnostics.Stopwatch clock)
    {
        var cases = CaseResults.Merge(results, outcomes, options);
        if (folder is not null)
        {
            await SimulationOutput.WriteCaseFilesAsync(outcomes, rejected, cases.Kpis, folder);
        }

        Say(clock, folder is null ? "case results merged" : "case results merged and written");
        return cases;
    }

    /// <summary>
    /// Every shard's outcomes by date then key: a k-way merge of the shards' logs, each already in that order. Equal
    /// dates and keys would come shard by shard, as a stable sort of the shards' lists one after another gives them.
    /// </summary>
    internal static IReadOnlyList<RecordedOutcome> MergedOutcomes(IEnumerable<IReadOnlyList<RecordedOutcome>> shards) =>
        [.. OrderedMerge.Merge([.. shards], OutcomeOrder)];

    static readonly IComparer<RecordedOutcome> OutcomeOrder = Comparer<RecordedOutcome>.Create(static (a, b) =>
        a.On != b.On ? a.On.CompareTo(b.On) : string.CompareOrdinal(a.Key, b.Key));

    /// <summary>What the cases left, merged from the shards: the register, the monitoring visits, and the KPIs from them and the outcomes.</summary>
    sealed record CaseResults(IReadOnlyList<RegisterEntry> Register, IReadOnlyList<MonitoringVisitEntry> MonitoringVisits, KpiReport Kpis)
    {
        public static CaseResults Merge(IReadOnlyList<ShardResult> results, IReadOnlyList<RecordedOutcome> outcomes, SimulationOptions options)
        {
            var register = results.SelectMany(r => r.Register).OrderBy(p => p.PlanId, StringComparer.Ordinal).Select(p => p.Entry).ToList();
            var reviews = outcomes.Select(o => o.Review).OfType<ReviewOutcome>().ToList();
            var visits = results.SelectMany(r => r.MonitoringVisits).OrderBy(v => v.PlanId, StringComparer.Ordinal).ToList();
            var kpis = Domain.Kpis.WithPlacements(
                Domain.Kpis.Compute(
                    options.From, options.To,
                    outcomes.Select(o => o.Assessment).OfType<AssessmentOutcome>(),
                    reviews,
                    register,
                    options.To,
                    outcomes.Select(o => o.Survey).OfType<FamilySurveyOutcome>()),
                reviews,
                register,
                visits);
            return new CaseResults(register, visits, kpis);
        }
    }

    /// <summary>Every notification with its facts, in the contract's order, when no run was spilled; none when any was.</summary>
    static IReadOnlyList<Notification> InMemory(IReadOnlyList<NotificationRun> runs) =>
        runs.All(r => r is InMemoryNotificationRun)
            ? [.. OrderedMerge.Merge(
                [.. runs.Cast<InMemoryNotificationRun>().Select(r => r.Notifications)],
                Comparer<Notification>.Create(static (a, b) => ContractNotification.Compare(a.On, a.Key, b.On, b.Key)))]
            : [];

    /// <summary>The tiered JIT's settings and the switches given to this process (simulate sets them for its own, ADRs 0139, 0143): they move the CPU.</summary>
    static string JitSettings() => string.Concat(Cli.SimulateInOwnProcess.BatchJitSettings.Keys
        .Select(name => Environment.GetEnvironmentVariable(name) is { } value ? $", {name}={value}" : "")
        .Concat(Cli.SimulateInOwnProcess.BatchSwitches.Select(name => AppContext.TryGetSwitch(name, out var on) && on ? $", {name}" : "")));

    /// <summary>Tells the progress writer (long runs: more than one shard) how far the run is, for the benchmark notes.</summary>
    void Say(System.Diagnostics.Stopwatch clock, string what)
    {
        if (progress is not null && shardCount > 1)
        {
            // The CPU used so far: on a shared machine wall time is mostly waiting, and only CPU compares between runs.
            // The bytes allocated so far: the garbage collector's work follows them (docs/benchmarks.md).
            progress.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{what} at {clock.Elapsed.TotalSeconds:0.0}s ({Environment.CpuUsage.TotalTime.TotalSeconds:0.0}s CPU, {GC.GetTotalAllocatedBytes() / 1e9:0.00} GB allocated)"));
        }
    }

    /// <summary>
    /// The process's CPU, allocations, collections and JIT compilations so far, printed after each shard: shard by
    /// shard they show what the garbage collector and the tiered compiler cost (docs/benchmarks.md, ADR 0132). The
    /// pause and compile times are wall time, so on a loaded machine they include waiting for a core.
    /// </summary>
    static string RuntimeCounts() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Environment.CpuUsage.TotalTime.TotalSeconds:0.0}s CPU, {GC.GetTotalAllocatedBytes() / 1e9:0.00} GB allocated, collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2) paused {GC.GetTotalPauseDuration().TotalSeconds:0.0}s, {System.Runtime.JitInfo.GetCompiledMethodCount()} methods JIT-compiled in {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:0.0}s");

    /// <summary>What the merge needs of the inputs once they are cut into shards (the inputs themselves are let go).</summary>
    sealed record ReadInputs(ContactsDirectory Contacts, int PlansLoaded, IReadOnlyList<RejectedEvent> Rejected);

    (ShardInputs?[] Shards, ReadInputs Read, WhatIfChanges? WhatIf) Prepare()
    {
        var inputs = SimulationInputs.Read(options);
        WhatIfChanges? whatIf = null;
        if (options.WhatIf is { } scenario)
        {
            (inputs, whatIf) = scenario.Apply(inputs, options.From, options.To);
        }

        return ([.. SimulationShards.Split(inputs.Plans, inputs.Events, options.PlansPerShard ?? SimulationShards.PlansPerShardFor(inputs.Plans.Count))],
            new ReadInputs(inputs.Contacts, inputs.Plans.Count, inputs.Rejected), whatIf);
    }

    /// <summary>Runs every shard, as many at once as there are cores; a shard's inputs are let go as it starts and its workflows as it ends.</summary>
    async Task<ShardResult[]> RunShardsAsync(ShardInputs?[] shards, ContactsDirectory contacts, System.Diagnostics.Stopwatch clock, CancellationToken cancellationToken)
    {
        var results = new ShardResult[shards.Length];
        var finished = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, shards.Length),
            new ParallelOptions { MaxDegreeOfParallelism = SimulationShards.AtOnce(shards.Length), CancellationToken = cancellationToken },
            async (number, ct) =>
            {
                var shard = shards[number]!;
                shards[number] = null;
                var result = results[number] = await new SimulationShard(options, contacts).RunAsync(shard, ct);
                if (progress is not null && shards.Length > 1)
                {
                    lock (results)
                    {
                        progress.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"shard {++finished}/{shards.Length} done ({shard.Plans.Count} plans, {result.Notifications.Count} notifications) at {clock.Elapsed.TotalSeconds:0.0}s ({RuntimeCounts()})"));
                    }
                }
            });
        return results;
    }
}

/// <summary>How a caseload is cut into shards: by a stable hash of the case id, so a case and all its events share one.</summary>
static class SimulationShards
{
    /// <summary>
    /// Plans per shard when not given: what a wake leaves dies sooner in a shard whose year passes quickly, and a
    /// shard's runtime is cheap (ADR 0143).
    /// </summary>
    public const int DefaultPlansPerShard = 125;

    /// <summary>The most shards a caseload is cut into when the size is not given: each shard's notifications are a file open during the merge (ADR 0016).</summary>
    public const int MostShardsByDefault = 2_000;

    /// <summary>Plans per shard when not given: <see cref="DefaultPlansPerShard"/>, or more for a caseload that would need more than <see cref="MostShardsByDefault"/> shards.</summary>
    public static int PlansPerShardFor(int plans) => Math.Max(DefaultPlansPerShard, (plans + MostShardsByDefault - 1) / MostShardsByDefault);

    public static IReadOnlyList<ShardInputs> Split(IReadOnlyList<PlanRecord> plans, IReadOnlyList<CaseEvent> events, int plansPerShard)
    {
        var count = Math.Max(1, (plans.Count + plansPerShard - 1) / Math.Max(1, plansPerShard));
        var shardPlans = Enumerable.Range(0, count).Select(_ => new List<PlanRecord>()).ToArray();
        var shardEvents = Enumerable.Range(0, count).Select(_ => new List<CaseEvent>()).ToArray();
        foreach (var plan in plans)
        {
            shardPlans[Of(plan.PlanId, count)].Add(plan);
        }

        foreach (var e in events)
        {
            shardEvents[Of(e.CaseId, count)].Add(e);
        }

        return [.. Enumerable.Range(0, count).Select(i => new ShardInputs(i, shardPlans[i], shardEvents[i]))];
    }

    /// <summary>One shard per core at once (each shard runs its instances one at a time).</summary>
    public static int AtOnce(int shards) => Math.Clamp(Environment.ProcessorCount, 1, shards);

    /// <summary>FNV-1a of the case id: the same shard on every run and machine (string.GetHashCode is randomised per process).</summary>
    static int Of(string caseId, int count)
    {
        var hash = 2166136261u;
        foreach (var c in caseId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)count);
    }
}
