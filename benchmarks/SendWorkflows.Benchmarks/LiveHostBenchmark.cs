using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SendWorkflows.Contract;
using SendWorkflows.Runtime;
using SendWorkflows.TestSupport;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Host.Hosting;

namespace SendWorkflows.Benchmarks;

/// <summary>
/// The live host at council size (issue 18): the real <c>serve</c> app, in this process, on its own Azurite, its case
/// clock running <c>--speed</c> times real time from a Monday 07:00. A generated caseload is imported through
/// <c>POST /api/caseload</c> (the first load); then the generated events are posted through <c>/api/events</c> as
/// the case clock reaches their dates (the steady state). Every few seconds it samples the wake index (how much work
/// is due and how late the oldest due item is), the engine's table writes and the CPU of the host and of Azurite.
/// E-mail goes to the null sender; the outbox still records every message.
/// </summary>
static class LiveHostBenchmark
{
    const int Seed = 1;
    const int AcademicYear = 2025; // 1 September 2025 is a Monday
    const string ApiKey = "benchmark-api-key-8c1f";
    const string HubName = "sendworkflows";
    static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);

    /// <param name="azuriteProfile">A folder for a V8 CPU profile of Azurite (node --cpu-prof), summarised at the end; null for none.</param>
    public static async Task RunAsync(int plans, double speed, double steadyHours, string? azuriteProfile, double maxLoadMinutes)
    {
        var generated = new CaseloadGenerator(Seed).Generate(AcademicYear, plans, plans / 10);
        var csv = Write(generated.WriteCaseload);
        var contacts = Write(generated.WriteContacts);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live host: {plans} plans (caseload CSV {csv.Length / 1024} KB), {generated.Events.Count} generated events in the year, seed {Seed}, case clock {speed}x from {generated.LoadedOn:yyyy-MM-dd} 07:00"));

        if (azuriteProfile is not null)
        {
            // node refuses --cpu-prof in NODE_OPTIONS, but takes --require: a preload that profiles through the inspector.
            Environment.SetEnvironmentVariable("NODE_OPTIONS", $"--require {AzuriteProfile.WritePreload(azuriteProfile)}");
        }

        await using var azurite = await Azurite.StartAsync();
        Environment.SetEnvironmentVariable("NODE_OPTIONS", null);
        var azuritePid = AzuriteProcess.Find(azurite.TablePort);
        var port = LocalPorts.Free();
        string[] args =
        [
            $"--Urls=http://127.0.0.1:{port}",
            "--Hosting:RequireHttps=false",
            "--Storage:Provider=AzureTables",
            $"--Storage:ConnectionString={azurite.ConnectionString}",
            $"--Storage:HubName={HubName}",
            $"--Auth:ApiKey={ApiKey}",
            "--Auth:StaffPassword=benchmark staff password 77",
            "--Links:SigningKey=benchmark-signing-key-that-is-long-enough-0246813579",
            $"--Links:BaseUrl=http://127.0.0.1:{port}/",
            "--Email:Provider=None",
            "--Email:FromAddress=send-team@council.example.org",
            "--Demo:Enabled=true",
            string.Create(CultureInfo.InvariantCulture, $"--Demo:ClockSpeed={speed}"),
            $"--Demo:StartOn={generated.LoadedOn:yyyy-MM-dd}",
            $"--Demo:AcademicYear={AcademicYear}",
            "--Logging:LogLevel:Default=Warning",
        ];
        // The demo's case clock without the demo's own caseload: this benchmark loads and feeds the host through its API.
        // Every table of the host (engine, wake hints, register index, notification log, outbox, import) goes through
        // one TableServiceClient: the same client with a policy that counts its requests.
        var requests = new TableRequestCounter();
        var app = SendWorkflowsApp.Build(args, builder =>
        {
            var loader = builder.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DemoLoader));
            builder.Services.Remove(loader);
            var options = new TableClientOptions();
            options.AddPolicy(requests, HttpPipelinePosition.PerRetry);
            builder.Services.Replace(ServiceDescriptor.Singleton(new TableServiceClient(azurite.ConnectionString, options)));
        });
        await app.StartAsync();
        try
        {
            var clock = app.Services.GetRequiredService<VirtualClock>();
            var store = (AzureTableOrchestrationStore)app.Services.GetRequiredService<IOrchestrationStore>();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            var monitor = new Monitor(azurite.CreateTableServiceClient().GetTableClient(HubName + "Wakes"), clock, store, azuritePid);

            var beforeLoad = requests.Take();
            (await http.PostAsync("api/contacts", new StringContent(contacts, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

            // ---- first load ----
            var watch = Stopwatch.StartNew();
            monitor.Reset(watch);
            using var sampling = new CancellationTokenSource();
            var sampler = monitor.RunAsync(sampling.Token);
            using var importLimit = new CancellationTokenSource(TimeSpan.FromMinutes(maxLoadMinutes));
            try
            {
                var importResponse = await http.PostAsync("api/caseload", new StringContent(csv, Encoding.UTF8, new MediaTypeHeaderValue("text/csv")), importLimit.Token);
                var importSeconds = watch.Elapsed.TotalSeconds;
                var importBody = await importResponse.Content.ReadAsStringAsync();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"import returned {(int)importResponse.StatusCode} after {importSeconds:0.0} s ({plans / importSeconds:0} plans/s): {PlanCounts(importBody)}; case clock {clock.GetUtcNow():yyyy-MM-dd HH:mm}"));
            }
            catch (TaskCanceledException) when (importLimit.IsCancellationRequested)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"import NOT returned after {watch.Elapsed.TotalSeconds:0} s (stopped by --max-load-minutes; plans already loaded keep running); case clock {clock.GetUtcNow():yyyy-MM-dd HH:mm}"));
            }

            var idleSeconds = await monitor.UntilIdleAsync(TimeSpan.FromMinutes(maxLoadMinutes) - watch.Elapsed);
            Console.WriteLine(idleSeconds is { } idle
                ? string.Create(CultureInfo.InvariantCulture,
                    $"first load: every workflow started and idle (nothing due more than {Monitor.IdleSlack.TotalMinutes:0} case minutes) after {idle:0.0} s; case clock {clock.GetUtcNow():yyyy-MM-dd HH:mm}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"first load: NOT idle after {watch.Elapsed.TotalSeconds:0} s (stopped by --max-load-minutes); case clock {clock.GetUtcNow():yyyy-MM-dd HH:mm}"));
            var firstLoadRequests = requests.Take();
            var firstLoadIdle = idleSeconds is not null;
            idleSeconds ??= watch.Elapsed.TotalSeconds;
            monitor.PrintSummary("first load", 0, idleSeconds.Value);
            Console.WriteLine("point reads of the instances table since the host started, by what made them: " +
                string.Join(", ", store.PointReadsBySite.Where(r => r.Value > 0).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value}"))));
            var (instanceCounts, instances) = await InstanceCountsAsync(azurite.CreateTableServiceClient().GetTableClient(HubName + "Instances"));
            Console.WriteLine(instanceCounts);
            Console.WriteLine(firstLoadRequests.Table(beforeLoad, plans, instances));

            // ---- steady state: only once the first load is idle, so the case day is measured on its own ----
            if (steadyHours > 0 && firstLoadIdle)
            {
                var beforeDay = requests.Take();
                await SteadyStateAsync(http, clock, monitor, watch, generated, speed, steadyHours);
                Console.WriteLine(requests.Take().Table(beforeDay, plans, instances).Replace("in the first load", "in the steady state", StringComparison.Ordinal));
            }
            else if (steadyHours > 0)
            {
                Console.WriteLine("steady state: NOT run, the first load was not idle within --max-load-minutes (a day behind a backlog would measure the backlog)");
            }

            await sampling.CancelAsync();
            await sampler.ContinueWith(_ => { }, TaskScheduler.Default);
            await RawAzurite.PrintAsync(azurite, HubName + "Instances");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (azuriteProfile is not null && azuritePid is { } pid)
        {
            await AzuriteProfile.StopAndSummariseAsync(pid, azuriteProfile);
        }
    }

    /// <summary>Posts each day's generated events once the case clock reaches that day, for <paramref name="hours"/> case hours.</summary>
    static async Task SteadyStateAsync(HttpClient http, VirtualClock clock, Monitor monitor, Stopwatch watch, GeneratedCaseload generated, double speed, double hours)
    {
        var from = watch.Elapsed.TotalSeconds;
        var end = clock.GetUtcNow() + TimeSpan.FromHours(hours);
        var events = generated.Events.Where(e => e.On >= generated.LoadedOn).ToList();
        var next = 0;
        int accepted = 0, duplicates = 0, rejected = 0, posted = 0;
        var postSeconds = 0.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"steady state: {hours:0.#} case hours at {speed}x ({hours * 3600 / speed:0} s real) from {clock.GetUtcNow():yyyy-MM-dd HH:mm}; events posted when the case clock reaches their date, 50 a request"));
        while (clock.GetUtcNow() < end)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var due = new List<CaseEvent>();
            for (; next < events.Count && events[next].On <= today; next++)
            {
                due.Add(events[next]);
            }

            foreach (var batch in due.Chunk(50))
            {
                var body = "[" + string.Join(",", batch.Select(CaseEventWriter.ToJson)) + "]";
                var post = Stopwatch.StartNew();
                using var response = await http.PostAsync("api/events", new StringContent(body, Encoding.UTF8, "application/json"));
                postSeconds += post.Elapsed.TotalSeconds;
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                accepted += json.RootElement.GetProperty("accepted").GetInt32();
                duplicates += json.RootElement.GetProperty("duplicates").GetInt32();
                rejected += json.RootElement.GetProperty("rejected").GetInt32();
                posted += batch.Length;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var seconds = watch.Elapsed.TotalSeconds - from;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"events: {posted} posted ({accepted} accepted, {duplicates} duplicates, {rejected} rejected) in {postSeconds:0.0} s of request time = {posted / Math.Max(0.001, postSeconds):0} events/s while posting, {accepted / seconds:0.0} accepted/s over the {seconds:0} s"));
        await monitor.UntilIdleAsync(TimeSpan.FromMinutes(10));
        monitor.PrintSummary("steady state", from, watch.Elapsed.TotalSeconds);
    }

    static string PlanCounts(string importBody)
    {
        try
        {
            using var json = JsonDocument.Parse(importBody);
            var p = json.RootElement.GetProperty("plans");
            return string.Create(CultureInfo.InvariantCulture,
                $"started {p.GetProperty("started")}, updated {p.GetProperty("updated")}, unchanged {p.GetProperty("unchanged")}, rejected {p.GetProperty("rejected")}");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return importBody.Length > 300 ? importBody[..300] : importBody;
        }
    }

    static async Task<(string Text, int Instances)> InstanceCountsAsync(TableClient instances)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey gt {"!"} and RowKey lt {"\""}"), select: ["Name", "Status"]))
        {
            var key = $"{row.GetString("Name")} {row.GetString("Status")}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return ("instances: " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")), counts.Values.Sum());
    }

    static string Write(Action<TextWriter> write)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        write(writer);
        return writer.ToString();
    }

    /// <summary>Samples the wake index, the engine's writes and CPU every few seconds; prints one line a sample.</summary>
    sealed class Monitor(TableClient wakes, VirtualClock clock, AzureTableOrchestrationStore store, int? azuritePid)
    {
        public static readonly TimeSpan IdleSlack = TimeSpan.FromMinutes(10);
        const int CountEvery = 6;
        int sampled;

        readonly List<Sample> samples = [];
        Stopwatch watch = new();
        Sample? latest;

        public void Reset(Stopwatch started) => watch = started;

        public async Task RunAsync(CancellationToken cancellation)
        {
            Console.WriteLine("  real s | case time        | due items (counted every 30 s) | oldest due (case min) | engine writes/s | host CPU % | Azurite CPU % | load avg");
            var previous = Take(null, 0, null);
            lock (samples)
            {
                samples.Add(previous);
            }

            while (!cancellation.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(SampleEvery, cancellation);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                // Azurite answers each page of a query by testing every row of the table, so the monitor reads the oldest
                // due hint each sample (one page of one row) and counts the due ones only every sixth sample.
                var now = clock.GetUtcNow();
                DateTimeOffset? oldest = null;
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"wake"} and RowKey lt {(now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture)}");
                await foreach (var page in wakes.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: CancellationToken.None).AsPages(pageSizeHint: 1))
                {
                    if (page.Values.Count > 0)
                    {
                        oldest = new DateTimeOffset(long.Parse(page.Values[0].RowKey.AsSpan(0, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);
                    }

                    break;
                }

                var due = oldest is null ? 0 : previous.Due;
                if (oldest is not null && ++sampled % CountEvery == 0)
                {
                    due = 0;
                    await foreach (var _ in wakes.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: CancellationToken.None))
                    {
                        due++;
                    }
                }

                var sample = Take(previous, due, oldest is { } o ? now - o : null, now);
                lock (samples)
                {
                    samples.Add(sample);
                    latest = sample;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {sample.Seconds,6:0} | {now:yyyy-MM-dd HH:mm} | {due,30} | {sample.OldestDue?.TotalMinutes ?? 0,21:0} | {sample.WritesPerSecond,15:0} | {sample.HostCpu,10:0} | {sample.AzuriteCpu,13:0} | {sample.LoadAverage}"));
                previous = sample;
            }
        }

        Sample Take(Sample? previous, int due, TimeSpan? oldestDue, DateTimeOffset? now = null)
        {
            var seconds = watch.Elapsed.TotalSeconds;
            var writes = store.StorageWrites;
            var host = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var azurite = AzuriteCpuSeconds();
            var span = previous is null ? 1 : Math.Max(0.001, seconds - previous.Seconds);
            return new Sample(seconds, now ?? clock.GetUtcNow(), due, oldestDue, writes, store.StorageQueries, store.StoragePointReads, host, azurite,
                RuntimeCost.Now(),
                previous is null ? 0 : (writes - previous.Writes) / span,
                previous is null ? 0 : (host - previous.HostCpuSeconds) / span * 100,
                previous is null ? 0 : (azurite - previous.AzuriteCpuSeconds) / span * 100,
                File.ReadAllText("/proc/loadavg").Split(' ')[0]);
        }

        double AzuriteCpuSeconds() => azuritePid is { } pid ? AzuriteProcess.CpuSeconds(pid) : 0;

        /// <summary>Real seconds from the start until nothing has been due for longer than <see cref="IdleSlack"/> (two samples running).</summary>
        public async Task<double?> UntilIdleAsync(TimeSpan limit)
        {
            var calm = 0;
            Sample? seen = null;
            var waited = Stopwatch.StartNew();
            while (calm < 2)
            {
                if (waited.Elapsed > limit)
                {
                    return null;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
                Sample? now;
                lock (samples)
                {
                    now = latest;
                }

                if (now is null || ReferenceEquals(now, seen))
                {
                    continue;
                }

                seen = now;
                calm = now.OldestDue is not { } age || age <= IdleSlack ? calm + 1 : 0;
            }

            return seen!.Seconds;
        }

        public void PrintSummary(string phase, double from, double to)
        {
            List<Sample> window;
            lock (samples)
            {
                window = [.. samples.Where(s => s.Seconds >= from && s.Seconds <= to)];
            }

            if (window.Count < 2)
            {
                return;
            }

            var seconds = window[^1].Seconds - window[0].Seconds;
            var lags = window.Select(s => s.OldestDue?.TotalMinutes ?? 0).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{phase}: {window[^1].Writes - window[0].Writes} engine table writes in {seconds:0} s = {(window[^1].Writes - window[0].Writes) / seconds:0}/s, " +
                $"{window[^1].Queries - window[0].Queries} partition queries and {window[^1].PointReads - window[0].PointReads} point reads of the instances table; " +
                $"CPU: host {window[^1].HostCpuSeconds - window[0].HostCpuSeconds:0.0} s ({(window[^1].HostCpuSeconds - window[0].HostCpuSeconds) / seconds * 100:0} % of one core), " +
                $"Azurite {window[^1].AzuriteCpuSeconds - window[0].AzuriteCpuSeconds:0.0} s ({(window[^1].AzuriteCpuSeconds - window[0].AzuriteCpuSeconds) / seconds * 100:0} %); " +
                $"host runtime: {window[^1].Runtime.Since(window[0].Runtime)}; " +
                $"most due items {window.Max(s => s.Due)}; oldest due item over the samples: median {lags[lags.Length / 2]:0} case min, max {lags[^1]:0} case min " +
                $"({lags[^1] * 60 / Math.Max(1, (window[^1].CaseTime - window[0].CaseTime).TotalSeconds / seconds):0} s real)"));
        }
    }

    sealed record Sample(
        double Seconds, DateTimeOffset CaseTime, int Due, TimeSpan? OldestDue, long Writes, long Queries, long PointReads, double HostCpuSeconds, double AzuriteCpuSeconds,
        RuntimeCost Runtime, double WritesPerSecond, double HostCpu, double AzuriteCpu, string LoadAverage);

    /// <summary>
    /// What the .NET runtime itself spent in this process (ADR 0131): time in the JIT summed over its threads and the GC's
    /// pauses, both elapsed, not CPU (a loaded machine stretches them), and the bytes allocated.
    /// </summary>
    sealed record RuntimeCost(double JitSeconds, double GcPauseSeconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
    {
        public static RuntimeCost Now() => new(
            System.Runtime.JitInfo.GetCompilationTime().TotalSeconds, GC.GetTotalPauseDuration().TotalSeconds, GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

        public string Since(RuntimeCost start) => string.Create(CultureInfo.InvariantCulture,
            $"time in the JIT {JitSeconds - start.JitSeconds:0.0} s and in GC pauses {GcPauseSeconds - start.GcPauseSeconds:0.0} s (elapsed; {Gen0 - start.Gen0}/{Gen1 - start.Gen1}/{Gen2 - start.Gen2} gen0/1/2 collections), {(AllocatedBytes - start.AllocatedBytes) / 1048576.0:0} MB allocated");
    }

    /// <summary>Azurite on its own: single-row upserts, point reads, and partition queries on a small table and on the host's full one.</summary>
    static class RawAzurite
    {
        public static async Task PrintAsync(Azurite azurite, string fullTable)
        {
            var service = azurite.CreateTableServiceClient();
            var small = service.GetTableClient(azurite.NewTableName("raw"));
            await small.CreateIfNotExistsAsync();
            var body = new string('x', 400);
            const int Writes = 2000;
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, Writes), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
                await small.UpsertEntityAsync(new TableEntity(string.Create(CultureInfo.InvariantCulture, $"p{i % 200:D4}"), string.Create(CultureInfo.InvariantCulture, $"r{i:D6}")) { ["Body"] = body }, TableUpdateMode.Replace, ct));
            var upserts = Writes / watch.Elapsed.TotalSeconds;

            var full = service.GetTableClient(fullTable);
            var rows = 0;
            var partitions = new List<string>();
            watch.Restart();
            await foreach (var row in full.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                rows++;
                if (row.RowKey == InstanceRowKey(row.PartitionKey) && partitions.Count < 50)
                {
                    partitions.Add(row.PartitionKey);
                }
            }

            var scanSeconds = watch.Elapsed.TotalSeconds;
            var smallQuery = await QueryTimeAsync(small, Enumerable.Range(0, 50).Select(i => string.Create(CultureInfo.InvariantCulture, $"p{i:D4}")).ToList());
            var fullQuery = await QueryTimeAsync(full, partitions);
            watch.Restart();
            foreach (var pk in partitions)
            {
                await full.GetEntityIfExistsAsync<TableEntity>(pk, InstanceRowKey(pk));
            }

            var pointRead = watch.Elapsed.TotalMilliseconds / Math.Max(1, partitions.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"raw Azurite: {upserts:0} single-row upserts/s (400-character body, 16 in parallel, table of {Writes} rows); " +
                $"one-partition query: {smallQuery:0.0} ms on that table, {fullQuery:0.0} ms on the host's instances table ({rows} rows, read whole in {scanSeconds:0.0} s); " +
                $"point read of an instance row {pointRead:0.0} ms (one at a time)"));
        }

        /// <summary>The instance row's key (ADR 0122: <c>!</c>, the partition, <c>%|</c>).</summary>
        static string InstanceRowKey(string pk) => "!" + pk + "%|";

        static async Task<double> QueryTimeAsync(TableClient table, List<string> partitions)
        {
            var watch = Stopwatch.StartNew();
            foreach (var pk in partitions)
            {
                await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}")))
                {
                }
            }

            return watch.Elapsed.TotalMilliseconds / Math.Max(1, partitions.Count);
        }
    }
}
