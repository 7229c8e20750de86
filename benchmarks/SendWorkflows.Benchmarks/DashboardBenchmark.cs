using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Host.Simulation;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Benchmarks;

/// <summary>
/// <c>--dashboard 20000</c>: the dashboard's server time per page at that many plans on Azurite (issue 17/18, ADR 0103).
/// A generated year (seed 1, 2025/26, requests = plans / 10) runs through simulate in memory; its register, outcomes,
/// monitoring visits, notifications and assessment requests are written through the Table stores the host uses (so
/// the register index is built as the workflows would build it) into an Azurite started from the repo's npm package;
/// then the real host on those tables, set to the year's last day, serves each page <see cref="Rounds"/> times. The
/// time is measured inside the host (a middleware around the whole pipeline), not by the client.
/// </summary>
static partial class DashboardBenchmark
{
    const int Rounds = 10;
    const int Warmup = 1;
    const string Password = "benchmark staff password";
    const string ApiKey = "benchmark-api-key";
    static readonly DateTimeOffset LastDay = new(2026, 8, 31, 12, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(int plans, bool withNotifications)
    {
        var watch = Stopwatch.StartNew();
        var generated = new CaseloadGenerator(1).Generate(2025, plans, plans / 10);
        var directory = Directory.CreateTempSubdirectory("sendworkflows-dashboard-").FullName;
        try
        {
            Write(Path.Combine(directory, "caseload.csv"), generated.WriteCaseload);
            Write(Path.Combine(directory, "contacts.json"), generated.WriteContacts);
            Write(Path.Combine(directory, "events.jsonl"), generated.WriteEvents);
            var result = await new Simulator(new SimulationOptions(
                Path.Combine(directory, "caseload.csv"), Path.Combine(directory, "contacts.json"), Path.Combine(directory, "events.jsonl"),
                new DateOnly(2025, 9, 1), DateOnly.FromDateTime(LastDay.UtcDateTime), Path.Combine(directory, "out"))).RunAsync();
            Console.WriteLine(Invariant($"simulated {result.PlansLoaded} plans, {result.Outcomes.Count} outcomes, {result.Notifications.Count} notifications, {result.MonitoringVisits.Count} visit entries in {watch.Elapsed.TotalSeconds:0} s"));

            await using var azurite = await Azurite.StartAsync();
            await LoadAsync(azurite, generated, result, withNotifications);
            await TimePagesAsync(azurite, result);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    static async Task LoadAsync(Azurite azurite, GeneratedCaseload generated, SimulationResult result, bool withNotifications)
    {
        var service = azurite.CreateTableServiceClient();
        var caseworkers = generated.Plans.ToDictionary(p => p.PlanId, p => p.CaseworkerEmail, StringComparer.Ordinal);
        var register = new TablePlanRegister(service);
        await TimedAsync("register (+ index)", result.Register!, entry =>
            register.UpsertAsync(new RegisteredPlan(entry, "setting@example.org", caseworkers.GetValueOrDefault(entry.PlanId) ?? "caseworker@example.org")));
        var outcomes = new TableOutcomeLog(service);
        await TimedAsync("outcomes (+ by case)", result.Outcomes, o => outcomes.RecordAsync(o));
        // What the hosts' background refresh does after writes (ADR 0105): the months' KPI summaries from their copies.
        var refresh = Stopwatch.StartNew();
        var made = await outcomes.RefreshKpiSummariesAsync(DateOnly.FromDateTime(LastDay.UtcDateTime));
        Console.WriteLine(Invariant($"  made    {made,7} KPI summaries in {refresh.Elapsed.TotalSeconds,6:0.0} s (the background refresh)"));
        var visits = new TableMonitoringVisitRegister(service);
        await TimedAsync("monitoring visits", result.MonitoringVisits, v => visits.UpsertAsync(v));
        var events = new TableProcessedEventStore(service);
        await TimedAsync("assessment requests", generated.Events.Where(e => e is AssessmentRequested).ToList(), e =>
            events.MarkProcessedAsync(new ProcessedEvent(e.Id, e.CaseId, e.Type, e.On, "benchmark", LastDay, "{}")));
        // The open-assessments index (ADR 0115) as the dispatcher and RecordOutcome leave it: requested, not ended.
        var ended = result.Outcomes.Where(o => o.Assessment is not null).Select(o => o.CaseId).ToHashSet(StringComparer.Ordinal);
        var openAssessments = new TableOpenAssessments(service);
        await TimedAsync("open assessments", generated.Events.OfType<AssessmentRequested>().Where(e => !ended.Contains(e.CaseId)).ToList(), e =>
            openAssessments.OpenAsync(new Workflows.Council.RunningAssessment(e.CaseId, e.ChildInitials, e.On, e.CaseworkerEmail)));
        if (withNotifications)
        {
            var log = new TableNotificationLog(new NotificationTable(service.GetTableClient("Notifications")), TimeProvider.System);
            await TimedAsync("notifications (+ outbox rows)", result.Notifications, n => log.RecordAsync(n));
        }
    }

    static async Task TimedAsync<T>(string what, IReadOnlyCollection<T> items, Func<T, Task> write)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) => await write(item));
        Console.WriteLine(Invariant($"  loaded {items.Count,7} {what} in {watch.Elapsed.TotalSeconds,6:0.0} s ({items.Count / watch.Elapsed.TotalSeconds:0} /s)"));
    }

    static async Task TimePagesAsync(Azurite azurite, SimulationResult result)
    {
        var timings = new ConcurrentDictionary<string, double>();
        string[] args =
        [
            "--Urls=http://127.0.0.1:0", "--Storage:Provider=AzureTables", $"--Storage:ConnectionString={azurite.ConnectionString}",
            "--Intake:Queue:Enabled=false", "--Hosting:RequireHttps=false", $"--Auth:ApiKey={ApiKey}", $"--Auth:StaffPassword={Password}",
            "--Links:SigningKey=benchmark-signing-key-that-is-long-enough-0123456789", "--Email:Provider=None",
        ];
        var app = SendWorkflowsApp.Build(args, builder =>
        {
            builder.Services.RemoveAll<TimeProvider>();
            builder.Services.AddSingleton<TimeProvider>(new FixedClock(LastDay));
            builder.Services.AddSingleton<IStartupFilter>(new ServerTiming(timings));
        });
        await app.StartAsync();
        try
        {
            // The host's own start-up work (the index backfill, the council workflows' first steps) shares Azurite with
            // the pages: wait until Azurite is quiet, so the figures are the pages' and not the start-up's.
            var azuritePid = AzuriteProcess.Find(azurite.TablePort);
            if (azuritePid is { } pid)
            {
                var settled = await AzuriteProcess.UntilQuietAsync(pid, TimeSpan.FromSeconds(5), busyShare: 0.05, limit: TimeSpan.FromMinutes(15));
                Console.WriteLine(settled is { } seconds
                    ? Invariant($"host start-up work settled after {seconds:0} s (Azurite under 5 % of a core for 5 s)")
                    : "host start-up work had not settled after 15 minutes; timing anyway");
            }

            long AzuriteCpu() => azuritePid is { } id ? AzuriteProcess.CpuNanoseconds(id) : 0;
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var staff = await SignedInAsync(address);
            using var api = new HttpClient { BaseAddress = address };
            api.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            var caseworker = result.Register!.Count > 0 ? (await FirstCaseworkerAsync(staff)) : "";
            var aCase = result.Outcomes.Select(o => o.CaseId).First(id => result.Notifications.Any(n => n.CaseId == id));
            (string Name, HttpClient Client, string Url)[] pages =
            [
                ("register, first page", staff, "/dashboard/register"),
                ("register, filtered (type + overdue)", staff, "/dashboard/register?type=Special&overdue=yes"),
                ("register, caseworker", staff, "/dashboard/register?caseworker=" + Uri.EscapeDataString(caseworker)),
                ("register, search initials", staff, "/dashboard/register?q=AB"),
                ("register, page 40", staff, "/dashboard/register?page=40"),
                ("register, by setting desc", staff, "/dashboard/register?sort=Setting&dir=desc"),
                ("overdue", staff, "/dashboard/overdue"),
                ("open assessments", staff, "/dashboard/assessments"),
                ("my cases", staff, "/dashboard/my-cases?caseworker=" + Uri.EscapeDataString(caseworker)),
                ("case page", staff, "/dashboard/cases/" + Uri.EscapeDataString(aCase)),
                ("CSV, filtered (special)", staff, "/dashboard/register.csv?type=Special"),
                ("/api/register", api, "/api/register?pageSize=100"),
                ("/api/overdue", api, "/api/overdue"),
                ("/api/kpis month", api, "/api/kpis?period=month&month=2026-03"),
                ("/api/kpis term", api, "/api/kpis?period=term&term=2025-spring"),
                ("/api/kpis year", api, "/api/kpis?period=year&year=2025"),
                ("/api/kpis custom (cuts months)", api, "/api/kpis?period=custom%3A2025-10-15..2026-02-10"),
                // Last: at 20,000 plans on Azurite it may not answer within the client's timeout, and Azurite finishes its query anyway.
                ("overview", staff, "/dashboard"),
            ];
            Console.WriteLine(Invariant($"server time per page, {Rounds} rounds after {Warmup} warm-up (ms; load average {LoadAverage()} at the start)"));
            foreach (var (name, client, url) in pages)
            {
                var samples = new List<double>();
                var azuriteCpu = new List<double>();
                var hostCpu = new List<double>();
                var bytes = 0;
                var rounds = Rounds;
                for (var round = 0; round < Warmup + rounds; round++)
                {
                    var watch = Stopwatch.StartNew();
                    var (azuriteBefore, hostBefore) = (AzuriteCpu(), AzuriteProcess.CpuNanoseconds(Environment.ProcessId));
                    HttpResponseMessage response;
                    try
                    {
                        response = await client.GetAsync(url);
                    }
                    catch (TaskCanceledException)
                    {
                        // A page that does not answer within the client's 100 s is reported, not waited for again.
                        break;
                    }

                    using (response)
                    {
                        var body = await response.Content.ReadAsByteArrayAsync();
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
                        }

                        bytes = body.Length;
                        if (round >= Warmup)
                        {
                            samples.Add(await ServerTimeAsync(timings, response.Headers.GetValues(ServerTiming.Header).Single()));
                            azuriteCpu.Add((AzuriteCpu() - azuriteBefore) / 1e6);
                            hostCpu.Add((AzuriteProcess.CpuNanoseconds(Environment.ProcessId) - hostBefore) / 1e6);
                        }
                    }

                    // A page of many seconds gets 3 rounds, so one slow page cannot take the run's whole time.
                    if (round == 0 && watch.Elapsed > TimeSpan.FromSeconds(10))
                    {
                        rounds = Math.Min(rounds, 3);
                    }
                }

                if (samples.Count == 0)
                {
                    Console.WriteLine(Invariant($"  {name,-38} no answer within {client.Timeout.TotalSeconds:0} s"));
                    continue;
                }

                samples.Sort();
                Console.WriteLine(Invariant($"  {name,-38} p50 {Percentile(samples, 0.50),7:0.0}  p95 {Percentile(samples, 0.95),7:0.0}  max {samples[^1],7:0.0}  ({bytes / 1024.0:0} KB, {samples.Count} rounds)  CPU ms p50: Azurite {Median(azuriteCpu),6:0.0} host {Median(hostCpu),6:0.0}"));
            }

            Console.WriteLine(Invariant($"load average {LoadAverage()} at the end"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    static async Task<string> FirstCaseworkerAsync(HttpClient staff)
    {
        var page = await staff.GetStringAsync("/dashboard/my-cases");
        return WebUtility.HtmlDecode(CaseworkerOption().Matches(page).Select(m => m.Groups[1].Value).First(v => v.Length > 0));
    }

    static async Task<HttpClient> SignedInAsync(Uri address)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = address };
        var page = await client.GetStringAsync("/signin");
        var token = AntiforgeryField().Match(page);
        var form = new Dictionary<string, string> { ["password"] = Password, ["returnUrl"] = "/dashboard" };
        if (token.Success)
        {
            form[token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value);
        }

        using var response = await client.PostAsync("/signin", new FormUrlEncodedContent(form));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}");
        }

        return client;
    }

    /// <summary>The middleware records the time as the response ends, which can be just after the client has read it.</summary>
    static async Task<double> ServerTimeAsync(ConcurrentDictionary<string, double> timings, string id)
    {
        double time;
        while (!timings.TryGetValue(id, out time))
        {
            await Task.Delay(1);
        }

        return time;
    }

    static double Median(List<double> values) => Percentile([.. values.Order()], 0.50);

    static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    static void Write(string path, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(path);
        write(writer);
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("""<input type="hidden" name="(__RequestVerificationToken)" value="([^"]+)">""")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("""<option value="([^"]*)"[^>]*>""")]
    private static partial Regex CaseworkerOption();

    /// <summary>The host's day fixed at the generated year's last day, as the KPI tests do.</summary>
    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Times each request from the first middleware to the end of the response, keyed by a header it adds.</summary>
    sealed class ServerTiming(ConcurrentDictionary<string, double> timings) : IStartupFilter
    {
        public const string Header = "X-Benchmark-Request";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var id = Guid.NewGuid().ToString("N");
                context.Response.Headers[Header] = id;
                var watch = Stopwatch.StartNew();
                await following(context);
                await context.Response.Body.FlushAsync();
                timings[id] = watch.Elapsed.TotalMilliseconds;
            });
            next(app);
        };
    }
}
