using System.Globalization;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Proof.Tests.LocalServices;
using SendWorkflows.Runtime;
using SendWorkflows.TestSupport;
using Xunit.Abstractions;

namespace SendWorkflows.Proof.Tests.Fuzz;

/// <summary>
/// Issue 20 against the real host process: events of every date-bearing type, for running reviews and new
/// assessments, with random dates (near today, far off, the extremes of the calendar). Every one is answered accepted,
/// duplicate or rejected with a reason, and once the workflows have taken them in, no instance has ended Failed.
/// </summary>
[Collection(ProofLanes.BesideTheClockRuns)]
public sealed class EventDateFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Random_event_dates_are_answered_with_a_reason_and_never_leave_a_workflow_failed()
    {
        var count = ProofSize.Setting("PROOF_DATE_EVENTS", ci: 150, full: 2000);
        var random = new Random(ProofSize.Setting("PROOF_SEED", ci: 8, full: 8));
        const string hub = "proofdates";
        await using var storage = await Azurite.StartAsync();
        await using var host = HostProcess.Create(storage, mail: null, new Dictionary<string, string> { ["Storage__HubName"] = hub });
        await host.StartAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var caseload = new CaseloadGenerator(5).Generate(today.Month >= 9 ? today.Year : today.Year - 1, 12, 0);
        await host.ImportContactsAsync(caseload.Contacts);
        using var client = host.Client(TimeSpan.FromSeconds(60));
        using (var csv = new StringWriter(CultureInfo.InvariantCulture))
        {
            caseload.WriteCaseload(csv);
            (await client.PostAsync("api/caseload", new StringContent(csv.ToString()))).EnsureSuccessStatusCode();
        }

        var plans = caseload.Plans.Select(p => p.PlanId).ToArray();
        var contact = caseload.Contacts.Contacts.Keys.First();
        var unanswered = new List<string>();
        var statuses = new Dictionary<string, int>();
        for (var i = 0; i < count; i += 10)
        {
            var batch = Enumerable.Range(i, Math.Min(10, count - i)).Select(n => RandomEvent(random, n, plans, contact, today)).ToList();
            var answers = await EventPoster.PostAsync(client, EventPoster.Body(batch));
            if (answers is null || answers.Count != batch.Count)
            {
                unanswered.Add($"batch {i}: {(answers is null ? "no 202" : $"{answers.Count} answers for {batch.Count}")}");
                continue;
            }

            foreach (var answer in answers)
            {
                statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                if (answer.Status == "Rejected" && string.IsNullOrWhiteSpace(answer.Reason))
                    unanswered.Add($"{answer.EventId} rejected without a reason");
            }
        }

        var store = new AzureTableOrchestrationStore(storage.CreateTableServiceClient(), hub);
        await Poll.UntilAsync(
            async () => !await AnyAsync(store, i => i.WakeAt is { } wake && wake <= DateTimeOffset.UtcNow),
            TimeSpan.FromSeconds(90), "the workflows to take in every event they were given");
        var failed = new List<string>();
        await foreach (var instance in store.QueryInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Failed]), CancellationToken.None))
            failed.Add($"{instance.InstanceId}: {instance.Failure?.ErrorMessage}");
        output.WriteLine($"{count} events: " + string.Join(", ", statuses.Select(s => $"{s.Key} x{s.Value}")));

        Assert.Empty(unanswered);
        Assert.Empty(failed);
        Assert.True(host.IsRunning, "the host process died:\n" + host.Tail());
        Assert.True(statuses.GetValueOrDefault("Accepted") > 0 && statuses.GetValueOrDefault("Rejected") > 0,
            "the dates reached neither the acceptance nor the refusal path, so the run tested little");
    }

    static async Task<bool> AnyAsync(AzureTableOrchestrationStore store, Func<InstanceRecord, bool> predicate)
    {
        await foreach (var instance in store.QueryInstancesAsync(new OrchestrationQuery(), CancellationToken.None))
        {
            if (predicate(instance))
                return true;
        }

        return false;
    }

    static DateOnly RandomDate(Random random, DateOnly today) => random.Next(10) switch
    {
        < 6 => today.AddDays(random.Next(-400, 401)),
        6 => DateOnly.FromDayNumber(random.Next(DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber + 1)),
        7 => DateOnly.MaxValue.AddDays(-random.Next(0, 3)),
        8 => DateOnly.MinValue.AddDays(random.Next(0, 3)),
        _ => new DateOnly(today.Year + 36, today.Month, 1),
    };

    static CaseEvent RandomEvent(Random random, int n, string[] plans, string contact, DateOnly today)
    {
        var id = $"date-fuzz-{n}";
        var plan = plans[random.Next(plans.Length)];
        var on = RandomDate(random, today);
        return random.Next(6) switch
        {
            0 => new ReviewMeetingScheduled(id, plan, random.Next(2) == 0 ? today : on, RandomDate(random, today)),
            1 => new ReviewMeetingHeld(id, plan, on),
            2 => new ReviewDecision(id, plan, on, (ReviewDecisionKind)random.Next(3)),
            3 => new AdviceRequested(id, plan, on, contact),
            4 => new ExceptionRecorded(id, $"FZD-{n % 7}", on, ExceptionReason.SchoolClosure, RandomDate(random, today), RandomDate(random, today)),
            _ => new AssessmentRequested(id, $"FZD-{n % 7}", random.Next(2) == 0 ? today : on, "QX", RandomDate(random, today),
                YearGroup.Year(4), "Oak Primary", "senco@oak.example.org", "caseworker@council.example.org"),
        };
    }
}
