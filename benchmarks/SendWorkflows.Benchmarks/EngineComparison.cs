using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Runtime;

namespace SendWorkflows.Benchmarks;

/// <summary>
/// One workflow shape (durable timer, activity, external event) on the embedded runtime (in memory, real time) and on
/// the real Durable Task engine in memory (DurableTaskTestHost, stock settings): completed instances per second.
/// The test host runs as many orchestration and activity work items at once as <see cref="Environment.ProcessorCount"/>
/// and polls every 500 ms when all are taken, so its rate depends on that count: the header prints it.
/// </summary>
static class EngineComparison
{
    public static async Task RunAsync(int n, TimeSpan timer, int concurrency)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine comparison: {n} instances of timer ({timer.TotalSeconds:0.#} s) -> activity -> external event, started at concurrency {concurrency}; " +
            $"Environment.ProcessorCount {Environment.ProcessorCount} (the test host's work-item slots; DOTNET_PROCESSOR_COUNT={Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") ?? "unset"})"));

        var registry = new DurableTaskRegistry().AddOrchestrator<TimerActivityEvent>().AddActivity<Touch>();
        await using var services = new ServiceCollection().BuildServiceProvider();
        double embedded;
        await using (var runtime = new EmbeddedDurableRuntime(registry, services, new InMemoryOrchestrationStore(), TimeProvider.System,
            new EmbeddedRuntimeOptions { InstanceConcurrency = concurrency, PollInterval = TimeSpan.FromMilliseconds(100) }))
        {
            await runtime.StartAsync(CancellationToken.None);
            embedded = await MeasureAsync(runtime.Client, n, timer, concurrency);
        }

        Print("embedded runtime (memory)", n, embedded, timer);

        double real;
        await using (var host = await DurableTaskTestHost.StartAsync(r => r.AddOrchestrator<TimerActivityEvent>().AddActivity<Touch>()))
        {
            real = await MeasureAsync(host.Client, n, timer, concurrency);
        }

        Print("DurableTaskTestHost", n, real, timer);
        var embeddedRate = n / Math.Max(0.001, embedded - timer.TotalSeconds);
        var realRate = n / Math.Max(0.001, real - timer.TotalSeconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio embedded / real engine: {embeddedRate / realRate:0.0}x"));
    }

    /// <summary>Starts every instance and raises its event (buffered until it waits), then waits for all to complete.</summary>
    static async Task<double> MeasureAsync(DurableTaskClient client, int n, TimeSpan timer, int concurrency)
    {
        var ids = Enumerable.Range(0, n).Select(i => string.Create(CultureInfo.InvariantCulture, $"engine-{i:D6}")).ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, ct) =>
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerActivityEvent), timer, new StartOrchestrationOptions(id), ct);
            await client.RaiseEventAsync(id, "Go", "now", ct);
        });
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(60));
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, _) =>
        {
            var done = await client.WaitForInstanceCompletionAsync(id, cancellation: patience.Token);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"{id} ended {done.RuntimeStatus}: {done.FailureDetails}");
            }
        });
        return watch.Elapsed.TotalSeconds;
    }

    static void Print(string engine, int n, double seconds, TimeSpan timer) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine,-26} all {n} completed after {seconds:0.0} s = {n / Math.Max(0.001, seconds - timer.TotalSeconds):0.0} completed/s excluding the {timer.TotalSeconds:0.#} s timer"));
}
