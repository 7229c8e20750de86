using System.Net;
using System.Text.Json;
using SendWorkflows.Contract;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Proof.Tests.LocalServices;
using SendWorkflows.TestSupport;
using Xunit.Abstractions;

namespace SendWorkflows.Proof.Tests.Fuzz;

/// <summary>
/// Random bodies through the real host's HTTP intake: every answer is 2xx or 4xx with a reason, never 5xx; the
/// process stays up and healthy; and a valid event sent after the garbage is still applied.
/// </summary>
[Collection(ProofLanes.BesideTheClockRuns)]
public sealed class HttpIntakeFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task No_body_crashes_the_host_or_gets_a_server_error_and_a_valid_event_still_applies_afterwards()
    {
        var count = ProofSize.Setting("PROOF_FUZZ_BODIES", ci: 400, full: 5000);
        var seed = ProofSize.Setting("PROOF_SEED", ci: 8, full: 8);
        await using var storage = await Azurite.StartAsync();
        await using var host = HostProcess.Create(storage, mail: null, new Dictionary<string, string> { ["Storage__HubName"] = "prooffuzz" });
        await host.StartAsync();
        await host.ImportContactsAsync(new CaseloadGenerator(1).Generate(2026, 10, 1).Contacts);
        using var client = host.Client(TimeSpan.FromSeconds(30));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var template = CaseEventWriter.ToJson(RandomBodies.ValidRequest("fuzz-template", "FZ-T", today));
        var random = new Random(seed);
        var statuses = new Dictionary<HttpStatusCode, int>();
        var failures = new List<string>();

        for (var i = 0; i < count; i++)
        {
            var body = RandomBodies.Next(random, template);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(random.Next(5) == 0 ? "text/plain" : "application/json");
            using var response = await client.PostAsync("api/events", content);
            var text = await response.Content.ReadAsStringAsync();
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            if (Problem(response.StatusCode, text) is { } problem)
            {
                failures.Add($"body {i} ({body.Length} bytes): {problem}");
            }

            if (i % 50 == 49)
            {
                Assert.True(host.IsRunning, "the host process died:\n" + host.Tail());
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health")).StatusCode);
            }
        }

        // State not corrupted: a valid event after the garbage is applied, and its workflow exists.
        var valid = RandomBodies.ValidRequest("fuzz-after", "FZ-AFTER", today);
        var answers = await EventPoster.PostAsync(client, CaseEventWriter.ToJson(valid));
        output.WriteLine($"{count} random bodies: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} x{s.Value}")));

        Assert.Empty(failures);
        Assert.True(host.IsRunning, "the host process died:\n" + host.Tail());
        var answer = Assert.Single(answers!);
        Assert.True(answer.Status == "Accepted", $"the valid event after the fuzzing was {answer.Status}: {answer.Reason}");
        Assert.True(await new TableProcessedEventStore(storage.CreateTableServiceClient()).WasProcessedAsync("FZ-AFTER", "fuzz-after"));
        await Poll.UntilAsync(
            async () => await new SendWorkflows.Runtime.AzureTableOrchestrationStore(storage.CreateTableServiceClient(), "prooffuzz").GetInstanceAsync("assessment:FZ-AFTER", CancellationToken.None) is not null,
            TimeSpan.FromSeconds(30), "the assessment workflow of the valid event");
        Assert.True(statuses.Keys.Any(s => s == HttpStatusCode.BadRequest) && statuses.Keys.Any(s => s == HttpStatusCode.Accepted),
            "the fuzzing reached neither the refusal nor the acceptance path, so it tested little");
    }

    /// <summary>What is wrong with an answer, or null: 2xx, or 4xx saying why; never 5xx; a rejected event names its reason.</summary>
    static string? Problem(HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code >= 500 || code < 200 || (code >= 300 && code < 400))
        {
            return $"{code}: {body[..Math.Min(200, body.Length)]}";
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (code >= 400)
            {
                return json.RootElement.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()) ? null : $"{code} without a reason: {body}";
            }

            var unexplained = json.RootElement.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("status").GetString() == "Rejected" && (!r.TryGetProperty("reason", out var reason) || string.IsNullOrWhiteSpace(reason.GetString())))
                .ToList();
            return unexplained.Count == 0 ? null : $"{code} with {unexplained.Count} rejections without a reason";
        }
        catch (JsonException)
        {
            return $"{code} with a body that is not JSON: {body[..Math.Min(200, body.Length)]}";
        }
    }
}
