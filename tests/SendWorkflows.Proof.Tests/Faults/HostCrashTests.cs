using System.Diagnostics;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Proof.Tests.LocalServices;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows.Calendar;
using Xunit.Abstractions;

namespace SendWorkflows.Proof.Tests.Faults;

/// <summary>
/// Issue 8's crash proof: the real host on Azurite with a generated caseload in accelerated time, SIGKILLed at
/// seeded random moments and restarted, while events arrive over HTTP. At the end nothing is lost, stuck or sent
/// twice, and the notifications are exactly those of a clean in-memory run of the same caseload and events.
/// CI size by default; <c>PROOF_SIZE=full</c> for the published figures (docs/benchmarks.md).
/// </summary>
[Collection(ProofLanes.AcceleratedClockRuns)]
public sealed class HostCrashTests(ITestOutputHelper output)
{
    static readonly TimeSpan Overall = TimeSpan.FromMinutes(ProofSize.Full ? 40 : 6);

    [Fact]
    public async Task Killed_at_random_moments_the_host_loses_nothing_and_sends_nothing_twice()
    {
        using var overall = new CancellationTokenSource(Overall);
        var plan = FaultRunPlan.FromEnvironment();
        var stopwatch = Stopwatch.StartNew();
        await using var storage = await Azurite.StartAsync();
        await using var mail = await MailDev.StartAsync();
        await using var host = HostProcess.Create(storage, mail, plan.HostSettings("proofcrash"));
        // What the demo loads: the generated caseload with its small backlog, and its opening cases first (DemoOpening).
        var caseload = DemoOpening.WithSmallBacklog(
            new CaseloadGenerator(plan.Seed).Generate(FaultRunPlan.AcademicYear, plan.Plans, plan.Requests, reviewEvents: FaultRunPlan.ReviewEvents), FaultRunPlan.StartOn, new DemoOptions().OverdueOnArrival);
        var opening = DemoOpening.Events(caseload, FaultRunPlan.StartOn);
        var httpEvents = ExtraAssessmentRequests(plan);

        // 1. Run, posting events over HTTP throughout, and kill the process at seeded random moments.
        var random = new Random(plan.Seed);
        var kills = new List<TimeSpan>();
        await host.StartAsync();
        using var postingStop = CancellationTokenSource.CreateLinkedTokenSource(overall.Token);
        var posting = PostUntilConfirmedAsync(host, httpEvents, plan.KillWindow / httpEvents.Count, random.Next(), postingStop.Token);
        var slice = plan.KillWindow / plan.Kills;
        for (var i = 0; i < plan.Kills; i++)
        {
            // Scheduling the fault, not asserting a duration: a seeded random moment within this kill's slice.
            await Task.Delay(TimeSpan.FromSeconds(1) + slice * random.NextDouble(), overall.Token);
            host.Kill();
            kills.Add(stopwatch.Elapsed);
            await host.StartAsync();
        }

        var confirmed = await posting.WaitAsync(overall.Token);

        // 2. Let the case clock reach the end date, then wait (bounded) until the host has settled.
        await Poll.UntilAsync(async () => await StoredState.CaseClockAsync(storage.CreateTableServiceClient()) >= plan.EndAt,
            plan.RealTimePerDay * plan.Days + TimeSpan.FromMinutes(3), $"the case clock to reach {plan.EndOn:yyyy-MM-dd}", TimeSpan.FromSeconds(1));
        var types = caseload.Events.Concat(opening).Concat(httpEvents).Select(e => e.Type).ToList();
        StoredState state = null!;
        var settled = TimeSpan.Zero;
        try
        {
            await Poll.UntilAsync(async () =>
            {
                state = await StoredState.ReadAsync(storage.CreateTableServiceClient(), "proofcrash", types);
                return state.Instances.All(i => StoredState.IsSettled(i, plan.EndAt))
                    && state.Outbox.All(r => r.Status is OutboxStatus.Sent or OutboxStatus.DeadLettered)
                    && (await mail.ReceivedMailAsync()).Count >= state.Outbox.Count;
            }, TimeSpan.FromMinutes(ProofSize.Full ? 15 : 3), "every instance to settle and every e-mail to go", TimeSpan.FromSeconds(2));
            settled = stopwatch.Elapsed;
        }
        catch (TimeoutException)
        {
            // Fall through to the assertions below, which say what is not settled.
        }

        host.Kill();
        var received = await mail.ReceivedMailAsync();

        // 3. The clean run: same caseload, each plan started and each event applied when the host did.
        var byId = caseload.Events.Concat(opening).Concat(httpEvents).ToDictionary(e => e.Id);
        var firstRuns = await StoredState.FirstRunsAsync(storage.CreateTableServiceClient(), "proofcrash", state.Instances.Select(i => i.InstanceId));
        // An event raised to a workflow that had not run yet (the demo's opening cases send theirs together with the
        // request; a review event can reach a plan whose workflow a restarted host has created but not yet run) is
        // applied at that first run, after the request or the load.
        // An event the workflow took in before the host recorded it (killed in between, recorded again on restart)
        // counts from when the workflow took it in.
        var consumed = await StoredState.ConsumedAtAsync(storage.CreateTableServiceClient(), "proofcrash", state.Instances.Select(i => i.InstanceId));
        var applied = state.Processed
            .Select(p => (Processed: p, ReceivedAt: consumed.TryGetValue(p.EventId, out var took) && took < p.ProcessedAt ? took : p.ProcessedAt))
            .Select(p => (Event: byId[p.Processed.EventId], At: FirstRunOf(firstRuns, p.Processed.CaseId) is { } run && (byId[p.Processed.EventId] is AssessmentRequested || run > p.ReceivedAt) ? run : p.ReceivedAt))
            .OrderBy(a => a.At).ThenBy(a => a.Event is AssessmentRequested ? 0 : 1)
            .ToList();
        var loads = state.Instances.Where(i => i.InstanceId.StartsWith("review:", StringComparison.Ordinal) && firstRuns.ContainsKey(i.InstanceId))
            .ToDictionary(i => i.InstanceId["review:".Length..], i => new HostPlanLoad(
                WorkflowCalendar.UkDate(i.CreatedAt.UtcDateTime), firstRuns[i.InstanceId],
                firstRuns.TryGetValue("monitoring:" + i.InstanceId["review:".Length..], out var monitoring) ? monitoring : null));
        var reference = await ReferenceRun.RunAsync(caseload, FaultRunPlan.StartOn, loads, applied, plan.EndAt);

        var report = FaultReport.Compare(plan, state, reference, received, kills, stopwatch.Elapsed, settled);
        output.WriteLine(report.Summary);
        output.WriteLine(host.Starts + " starts; last output:\n" + host.Tail(15));

        // Events: everything posted over HTTP (confirmed with a 202, re-posted after a kill when the answer was lost) was applied once.
        Assert.Equal(httpEvents.Count, confirmed.Count);
        Assert.All(confirmed, c => Assert.Contains(c.Status, new[] { "Accepted", "Duplicate" }));
        Assert.Empty(httpEvents.Select(e => e.Id).Except(state.Processed.Select(p => p.EventId)));
        var dueDemoEvents = caseload.Events.Concat(opening).Where(e => e.On < plan.EndOn).Select(e => e.Id).ToList();
        Assert.Empty(report.LostDemoEvents(dueDemoEvents, await RejectedIdsAsync(storage)));

        // Workflows: none lost, none stuck.
        Assert.Empty(report.MissingInstances);
        Assert.Empty(report.UnsettledInstances);
        Assert.Empty(report.DifferentStatus);

        // Notifications: exactly the clean run's, each recorded once, each e-mail delivered once.
        Assert.Empty(report.NotRecorded);
        Assert.Empty(report.Unexpected);
        Assert.Empty(report.DifferentRecipients);
        Assert.Empty(report.NotSent);
        Assert.Empty(report.NotDelivered);
        Assert.Empty(report.UnknownMail);
        Assert.Empty(report.Duplicates);
        Assert.True(report.Expected > 0, "the run produced no notifications at all, so it proves nothing");
        Assert.Equal(plan.Kills, kills.Count);
    }

    static DateTimeOffset? FirstRunOf(IReadOnlyDictionary<string, DateTimeOffset> firstRuns, string caseId) =>
        firstRuns.TryGetValue("assessment:" + caseId, out var assessment) ? assessment
        : firstRuns.TryGetValue("review:" + caseId, out var review) ? review
        : null;

    /// <summary>New assessment requests (cases the demo does not have) to post over HTTP while the host is being killed.</summary>
    static List<CaseEvent> ExtraAssessmentRequests(FaultRunPlan plan) =>
        new CaseloadGenerator(plan.Seed + 1).Generate(FaultRunPlan.AcademicYear, 10, ProofSize.Setting("PROOF_HTTP_EVENTS", 40, 200))
            .Events.OfType<AssessmentRequested>()
            .Select((e, i) => (CaseEvent)(e with { Id = $"proof-http-{i:0000}", CaseId = $"PRF-{i:0000}", On = FaultRunPlan.StartOn }))
            .ToList();

    /// <summary>
    /// Posts each event, one request at a time at random intervals spread over the kills, until the host confirms it with a 202: a request
    /// cut off by a kill is sent again, as a client would, and must then come back Accepted or Duplicate.
    /// </summary>
    static async Task<List<EventAnswer>> PostUntilConfirmedAsync(
        HostProcess host, IReadOnlyList<CaseEvent> events, TimeSpan meanGap, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var confirmed = new List<EventAnswer>();
        using var client = host.Client(TimeSpan.FromSeconds(20));
        foreach (var caseEvent in events)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var answers = await EventPoster.PostAsync(client, EventPoster.Body([caseEvent]), cancellationToken);
                    if (answers is [var answer])
                    {
                        confirmed.Add(answer);
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }

                await Task.Delay(200, cancellationToken); // the host is restarting: try again shortly
            }

            await Task.Delay(meanGap * (0.5 + random.NextDouble()), cancellationToken); // spread the events over the kills
        }

        return confirmed;
    }

    static async Task<HashSet<string>> RejectedIdsAsync(Azurite storage)
    {
        var ids = new HashSet<string>();
        await foreach (var rejected in new TableRejectedEventStore(storage.CreateTableServiceClient(), TimeProvider.System).AllAsync())
        {
            if (rejected.EventId is { } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
