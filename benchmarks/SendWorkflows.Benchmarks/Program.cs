using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Benchmarks;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;
using SendWorkflows.TestSupport;

// Usage: dotnet run -c Release --project benchmarks/SendWorkflows.Benchmarks -- [--n 1000,10000] [--store memory,azurite]
//        [--timer-seconds 2] [--year 2200] [--concurrency 16] [--engines 50]
// --engines 2000,20000 runs only the engine comparison: that many instances on the embedded runtime and on the real
// DurableTaskTestHost (whose work-item slots are Environment.ProcessorCount: set DOTNET_PROCESSOR_COUNT to give it more).
// --simulate 20000,640000 runs only `simulate` over a generated year of that many plans (SimulationBenchmark).
if (args is ["--simulate", var planCounts])
{
    Console.WriteLine($"SendWorkflows simulate benchmark  {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC  {Environment.ProcessorCount} cores  .NET {Environment.Version}");
    await SimulationBenchmark.RunAsync([.. planCounts.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]);
    return 0;
}

// --live 20000 runs only the live host on Azurite (LiveHostBenchmark): [--speed 100] [--steady-hours 24] [--max-load-minutes 60]
// [--azurite-profile /tmp/dir] (V8 CPU profile of Azurite, summarised by function).
if (args is ["--live", var livePlans, ..])
{
    string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    Console.WriteLine($"SendWorkflows live host benchmark  {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC  {Environment.ProcessorCount} cores  .NET {Environment.Version}  load average {File.ReadAllText("/proc/loadavg").Trim()}");
    await LiveHostBenchmark.RunAsync(
        int.Parse(livePlans, CultureInfo.InvariantCulture),
        double.Parse(Option("--speed") ?? "100", CultureInfo.InvariantCulture),
        double.Parse(Option("--steady-hours") ?? "24", CultureInfo.InvariantCulture),
        Option("--azurite-profile"),
        double.Parse(Option("--max-load-minutes") ?? "60", CultureInfo.InvariantCulture));
    return 0;
}

// --dashboard 20000 times the dashboard's pages on Azurite at that many plans (DashboardBenchmark); add --notifications to load the notification log too.
if (args is ["--dashboard", var dashboardPlans, ..])
{
    Console.WriteLine($"SendWorkflows dashboard benchmark  {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC  {Environment.ProcessorCount} cores  .NET {Environment.Version}");
    await DashboardBenchmark.RunAsync(int.Parse(dashboardPlans, CultureInfo.InvariantCulture), args.Contains("--notifications"));
    return 0;
}

var settings = BenchmarkSettings.Parse(args);
Console.WriteLine($"SendWorkflows runtime benchmark  {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC  {Environment.ProcessorCount} cores  .NET {Environment.Version}");
Console.WriteLine($"workflow: durable timer ({settings.TimerDelay.TotalSeconds:0.#} s) -> activity -> external event; instance concurrency {settings.Concurrency}");
Console.WriteLine();

if (settings.EngineInstances.Length > 0)
{
    foreach (var n in settings.EngineInstances)
    {
        await EngineComparison.RunAsync(n, settings.TimerDelay, settings.Concurrency);
        Console.WriteLine();
    }

    return 0;
}

Azurite? azurite = null;
try
{
    foreach (var store in settings.Stores)
    {
        if (store == "azurite" && azurite is null)
        {
            azurite = await Azurite.StartAsync();
        }

        foreach (var n in settings.Counts)
        {
            await RealTimeRun.RunAsync(store, n, settings, azurite);
        }
    }

    if (settings.YearInstances > 0)
    {
        await YearSimulation.RunAsync(settings.YearInstances, settings.Concurrency);
    }
}
finally
{
    if (azurite is not null)
    {
        await azurite.DisposeAsync();
    }
}

return 0;

sealed record BenchmarkSettings(int[] Counts, string[] Stores, TimeSpan TimerDelay, int YearInstances, int Concurrency, int[] EngineInstances)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var counts = (Value("--n") ?? "1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var stores = (Value("--store") ?? "memory,azurite").Split(',');
        if (stores.Except(["memory", "azurite"]).FirstOrDefault() is { } unknown)
        {
            throw new ArgumentException($"Unknown store '{unknown}': use memory, azurite or both separated by a comma.");
        }

        var timer = TimeSpan.FromSeconds(double.Parse(Value("--timer-seconds") ?? "2", CultureInfo.InvariantCulture));
        var year = int.Parse(Value("--year") ?? "0", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Value("--concurrency") ?? "16", CultureInfo.InvariantCulture);
        int[] engines = Value("--engines") is { } list ? [.. list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] : [];
        return new BenchmarkSettings(counts, stores, timer, year, concurrency, engines);
    }
}

/// <summary>N instances on the real clock: start rate, completion rate, and how late each timer woke its instance.</summary>
static class RealTimeRun
{
    public static async Task RunAsync(string storeName, int n, BenchmarkSettings settings, Azurite? azurite)
    {
        IOrchestrationStore store;
        AzureTableOrchestrationStore? tableStore = null;
        if (storeName == "azurite")
        {
            tableStore = new AzureTableOrchestrationStore(azurite!.CreateTableServiceClient(), azurite.NewTableName("bench"));
            await tableStore.CreateIfNotExistsAsync();
            store = tableStore;
        }
        else
        {
            store = new InMemoryOrchestrationStore();
        }

        var registry = new DurableTaskRegistry().AddOrchestrator<TimerActivityEvent>().AddActivity<Touch>();
        var options = new EmbeddedRuntimeOptions
        {
            InstanceConcurrency = settings.Concurrency,
            ActivityConcurrency = settings.Concurrency * 4,
            PollInterval = TimeSpan.FromMilliseconds(100),
        };
        await using var runtime = new EmbeddedDurableRuntime(registry, new ServiceCollection().BuildServiceProvider(), store, TimeProvider.System, options);
        await runtime.StartAsync(CancellationToken.None);
        var client = runtime.Client;

        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency }, async (i, ct) =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"bench-{i:D6}");
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerActivityEvent), settings.TimerDelay, new StartOrchestrationOptions(id), ct);
            await client.RaiseEventAsync(id, "Go", "now", ct); // buffered until the workflow reaches its wait
        });
        var startSeconds = total.Elapsed.TotalSeconds;

        var completed = 0;
        while (completed < n)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500)); // progress poll of the benchmark itself
            completed = await client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed])).CountAsync();
        }

        var allSeconds = total.Elapsed.TotalSeconds;
        await runtime.StopAsync(CancellationToken.None);

        var lags = (await client.GetAllInstancesAsync(new OrchestrationQuery(FetchInputsAndOutputs: true)).ToListAsync())
            .Select(m => m.ReadOutputAs<double>()).Order().ToArray();
        var busySeconds = Math.Max(0.001, allSeconds - settings.TimerDelay.TotalSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{storeName,-8} N={n,6}: started {n / startSeconds,8:0} /s ({startSeconds:0.0} s incl. one event each); all completed after {allSeconds:0.0} s " +
            $"= {n / busySeconds,7:0} completed/s excluding the {settings.TimerDelay.TotalSeconds:0.#} s timer"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"",8} timer wake-up lag (episode time - due time): p50 {Percentile(lags, 0.5):0} ms, p95 {Percentile(lags, 0.95):0} ms, max {lags[^1]:0} ms"));

        if (tableStore is not null)
        {
            var writes = tableStore.StorageWrites;
            var raw = await RawTableWrites.MeasureAsync(azurite!, (int)writes, settings.Concurrency);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"",8} engine made {writes} table writes ({(double)writes / n:0.0} per instance); the same number of raw single-row upserts " +
                $"took {raw:0.0} s at concurrency {settings.Concurrency} ({writes / raw:0} writes/s): engine wall time / raw write time = {allSeconds / raw:0.00}" +
                $" ({busySeconds / raw:0.00} excluding the timer)"));
        }

        Console.WriteLine();
    }

    static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Azurite's own speed on this machine: plain upserts of a small row, as many as the engine made.</summary>
static class RawTableWrites
{
    public static async Task<double> MeasureAsync(Azurite azurite, int writes, int concurrency)
    {
        var table = azurite.CreateTableServiceClient().GetTableClient(azurite.NewTableName("raw"));
        await table.CreateIfNotExistsAsync();
        var body = new string('x', 400);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, writes), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var entity = new TableEntity(string.Create(CultureInfo.InvariantCulture, $"p{i % 1000:D4}"), string.Create(CultureInfo.InvariantCulture, $"r{i:D8}")) { ["Body"] = body };
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        });
        return watch.Elapsed.TotalSeconds;
    }
}

/// <summary>The simulation's shape: thousands of long-lived cases over a virtual year, in memory.</summary>
static class YearSimulation
{
    public static async Task RunAsync(int instances, int concurrency)
    {
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var clock = new VirtualClock(start);
        var registry = new DurableTaskRegistry().AddOrchestrator<YearLongCase>().AddActivity<Touch>();
        var store = new InMemoryOrchestrationStore();
        await using var runtime = new EmbeddedDurableRuntime(registry, new ServiceCollection().BuildServiceProvider(), store, clock,
            new EmbeddedRuntimeOptions { InstanceConcurrency = concurrency });
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < instances; i++)
        {
            await runtime.Client.ScheduleNewOrchestrationInstanceAsync(nameof(YearLongCase), 12, new StartOrchestrationOptions(string.Create(CultureInfo.InvariantCulture, $"case-{i:D5}")));
        }

        for (var month = 1; month <= 12; month++)
        {
            await runtime.AdvanceToAsync(start + TimeSpan.FromDays((30 * month) + 1));
            for (var i = 0; i < instances; i += 2)
            {
                await runtime.Client.RaiseEventAsync(string.Create(CultureInfo.InvariantCulture, $"case-{i:D5}"), "Reply", "ok");
            }
        }

        await runtime.AdvanceToAsync(start + TimeSpan.FromDays(460)); // unanswered cases take 37 days a month
        var completed = await runtime.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed])).CountAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"virtual year, in memory: {instances} cases x 12 months (timer, activity, reply-or-timeout race, reminder) -> {completed} completed in {watch.Elapsed.TotalSeconds:0.0} s wall, {store.StorageWrites} store writes"));
    }
}
