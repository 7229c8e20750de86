using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SendWorkflows.Contract;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Proof.Tests.LocalServices;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;
using Xunit.Abstractions;

namespace SendWorkflows.Proof.Tests.Load;

/// <summary>
/// Issue 8's intake load: thousands of events over HTTP (POST /api/events) and the case-events queue at once, with
/// repeats and malformed messages mixed in. Asserts correctness only (nothing lost, nothing applied twice, every
/// bad one kept with a reason); prints throughput and latency. <c>PROOF_SIZE=full</c> for the published figures.
/// </summary>
[Collection(ProofLanes.BesideTheClockRuns)]
public sealed class IntakeLoadTests(ITestOutputHelper output)
{
    const string Hub = "proofload";

    [Fact]
    public async Task Events_over_http_and_the_queue_are_applied_once_and_bad_ones_are_kept_with_a_reason()
    {
        var size = ProofSize.Setting("PROOF_LOAD_EVENTS", ci: 600, full: 12000);
        var concurrency = ProofSize.Setting("PROOF_LOAD_CONCURRENCY", ci: 4, full: 8);
        using var overall = new CancellationTokenSource(TimeSpan.FromMinutes(ProofSize.Full ? 30 : 5));
        await using var storage = await Azurite.StartAsync();
        await using var host = HostProcess.Create(storage, mail: null, new Dictionary<string, string>
        {
            ["Storage__HubName"] = Hub,
            ["Intake__Queue__BatchSize"] = "32",
        });
        await host.StartAsync();
        await host.ImportContactsAsync(new CaseloadGenerator(1).Generate(2026, 10, 1).Contacts);
        var queue = storage.CreateQueueServiceClient().GetQueueClient("case-events");
        await queue.CreateIfNotExistsAsync(cancellationToken: overall.Token);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var items = LoadMix.Create(size, duplicateShare: 0.05, malformedShare: 0.03, seed: 20261123, on: today.AddDays(-1));

        // 1. Send everything, both channels at once.
        var firstSent = new ConcurrentDictionary<string, (DateTimeOffset At, string Channel)>();
        var roundTrips = new ConcurrentBag<TimeSpan>();
        var httpAnswers = new ConcurrentBag<(LoadItem Item, HttpStatusCode Status, IReadOnlyList<EventAnswer>? Answers, string Body)>();
        var wall = Stopwatch.StartNew();
        using var client = host.Client();
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = overall.Token };
        var http = Parallel.ForEachAsync(items.Where(i => i.Channel == LoadMix.Http), options, async (item, token) =>
        {
            Remember(firstSent, item);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("api/events", EventPoster.Json(item.Body), token);
            roundTrips.Add(Stopwatch.GetElapsedTime(started));
            var body = await response.Content.ReadAsStringAsync(token);
            httpAnswers.Add((item, response.StatusCode, response.StatusCode == HttpStatusCode.Accepted ? Answers(body) : null, body));
        });
        var queued = Parallel.ForEachAsync(items.Where(i => i.Channel == LoadMix.Queue), options, async (item, token) =>
        {
            Remember(firstSent, item);
            await queue.SendMessageAsync(item.Body, token);
        });
        await Task.WhenAll(http, queued);
        var sendTime = wall.Elapsed;

        // 2. Wait (bounded) until every valid event is applied and every malformed one is kept.
        var valid = items.Where(i => !i.IsMalformed).Select(i => i.EventId!).ToHashSet();
        var malformed = items.Where(i => i.IsMalformed).ToList();
        List<ProcessedEvent> processed = [];
        List<RejectedEvent> rejected = [];
        try
        {
            await Poll.UntilAsync(async () =>
            {
                processed = await ProcessedAsync(storage);
                rejected = await RejectedAsync(storage);
                return processed.Count >= valid.Count && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0;
            }, TimeSpan.FromMinutes(ProofSize.Full ? 20 : 4), "every event to be applied", TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            // The assertions below say what is missing.
        }

        var drained = wall.Elapsed;
        var appliedLines = AppliedLogLines(host, valid);
        var instances = await AssessmentInstancesAsync(storage);
        host.Kill();
        var poison = (await storage.CreateQueueServiceClient().GetQueueClient("case-events-poison").PeekMessagesAsync(32)).Value;

        output.WriteLine(Figures(items, processed, firstSent, roundTrips, sendTime, drained, concurrency));
        output.WriteLine($"events logged as applied by two channels at once (a repeat racing its original; the workflow still started once): {appliedLines.Count(l => l.Value > 1)}");

        // Nothing lost, nothing applied twice.
        Assert.Empty(valid.Except(processed.Select(p => p.EventId)).Take(20));
        Assert.Equal(valid.Count, processed.Count);
        Assert.Empty(valid.Where(id => appliedLines.GetValueOrDefault(id) == 0).Take(20));
        // Applied once in effect: one assessment workflow per case, started by that case's request.
        Assert.Equal(valid.Select(id => "assessment:LD-" + id["req-".Length..]).Order(StringComparer.Ordinal), instances.Keys.Order(StringComparer.Ordinal));
        Assert.All(instances, i => Assert.Contains("req-" + i.Key["assessment:LD-".Length..], i.Value, StringComparison.Ordinal));
        Assert.Empty(poison);

        // HTTP: never a server error; a valid event is Accepted or (sent before) Duplicate, at most one Accepted per id.
        Assert.Empty(httpAnswers.Where(a => (int)a.Status >= 500).Select(a => $"{a.Status}: {a.Body}"));
        Assert.All(httpAnswers.Where(a => !a.Item.IsMalformed), a => Assert.Contains(a.Answers!.Single().Status, new[] { "Accepted", "Duplicate" }));
        Assert.All(httpAnswers.Where(a => !a.Item.IsMalformed).GroupBy(a => a.Item.EventId),
            g => Assert.True(g.Count(a => a.Answers!.Single().Status == "Accepted") <= 1, $"{g.Key} accepted more than once"));

        // Malformed: refused with a reason, and (unless refused outright with 400) kept in the rejected store with its text.
        foreach (var bad in malformed)
        {
            var answer = httpAnswers.SingleOrDefault(a => a.Item == bad);
            if (answer.Status == HttpStatusCode.BadRequest)
            {
                Assert.Contains("\"detail\"", answer.Body, StringComparison.Ordinal);
                continue;
            }

            if (answer.Item is not null)
            {
                Assert.Equal("Rejected", answer.Answers!.Single().Status);
                Assert.False(string.IsNullOrWhiteSpace(answer.Answers!.Single().Reason));
            }

            var kept = rejected.Where(r => r.Raw?.Contains(bad.MalformedMarker!, StringComparison.Ordinal) == true || r.EventId == bad.MalformedMarker).ToList();
            Assert.True(kept.Count == 1, $"{bad.Channel} message {bad.MalformedMarker} is kept {kept.Count} times in the rejected store");
            Assert.False(string.IsNullOrWhiteSpace(kept[0].Reason));
        }
    }

    static void Remember(ConcurrentDictionary<string, (DateTimeOffset, string)> firstSent, LoadItem item)
    {
        if (item.EventId is not null)
        {
            firstSent.TryAdd(item.EventId, (DateTimeOffset.UtcNow, item.Channel));
        }
    }

    static List<EventAnswer> Answers(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray()
            .Select(r => new EventAnswer(
                r.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                r.GetProperty("status").GetString() ?? "",
                r.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null))
            .ToList();

    static async Task<List<ProcessedEvent>> ProcessedAsync(Azurite storage)
    {
        var all = new List<ProcessedEvent>();
        await foreach (var item in new TableProcessedEventStore(storage.CreateTableServiceClient()).OfTypeAsync("AssessmentRequested"))
        {
            all.Add(item);
        }

        return all;
    }

    /// <summary>The assessment workflows the load started, with their inputs (which name the request event).</summary>
    static async Task<Dictionary<string, string>> AssessmentInstancesAsync(Azurite storage)
    {
        var all = new Dictionary<string, string>();
        await foreach (var instance in new SendWorkflows.Runtime.AzureTableOrchestrationStore(storage.CreateTableServiceClient(), Hub)
            .QueryInstancesAsync(new Microsoft.DurableTask.Client.OrchestrationQuery(InstanceIdPrefix: "assessment:LD-", FetchInputsAndOutputs: true), CancellationToken.None))
        {
            all.Add(instance.InstanceId, instance.Input ?? "");
        }

        return all;
    }

    static async Task<List<RejectedEvent>> RejectedAsync(Azurite storage)
    {
        var all = new List<RejectedEvent>();
        try
        {
            await foreach (var item in new TableRejectedEventStore(storage.CreateTableServiceClient(), TimeProvider.System).AllAsync())
            {
                all.Add(item);
            }
        }
        catch (Azure.RequestFailedException)
        {
            // Not created until the first rejection.
        }

        return all;
    }

    /// <summary>How many times the host logged each event as applied (its log line names the event id, never personal data).</summary>
    static Dictionary<string, int> AppliedLogLines(HostProcess host, IReadOnlySet<string> ids) =>
        host.Output
            .Where(line => line.Contains(" applied", StringComparison.Ordinal) && line.Contains("Event ", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("Event ", StringComparison.Ordinal) + 6)..].Split(' ')[0])
            .Where(ids.Contains)
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());

    static string Figures(
        IReadOnlyList<LoadItem> items, List<ProcessedEvent> processed, ConcurrentDictionary<string, (DateTimeOffset At, string Channel)> firstSent,
        ConcurrentBag<TimeSpan> roundTrips, TimeSpan sendTime, TimeSpan drained, int concurrency)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"load: {items.Count} messages ({items.Count(i => i.IsDuplicate)} repeats, {items.Count(i => i.IsMalformed)} malformed), HTTP concurrency {concurrency}; sent in {sendTime.TotalSeconds:0.0}s, all applied after {drained.TotalSeconds:0.0}s"),
            $"HTTP round trip: {Percentiles.Of(roundTrips)}",
        };
        foreach (var channel in new[] { LoadMix.Http, LoadMix.Queue })
        {
            var applied = processed.Where(p => p.Source == channel && firstSent.ContainsKey(p.EventId)).ToList();
            if (applied.Count == 0)
            {
                continue;
            }

            var first = applied.Min(p => firstSent[p.EventId].At);
            var span = applied.Max(p => p.ProcessedAt) - first;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{channel}: {applied.Count} events applied in {span.TotalSeconds:0.0}s = {applied.Count / Math.Max(span.TotalMinutes, 1e-9):0} events/min; sent-to-applied {Percentiles.Of(applied.Select(p => p.ProcessedAt - firstSent[p.EventId].At))}"));
        }

        return string.Join('\n', lines);
    }
}
