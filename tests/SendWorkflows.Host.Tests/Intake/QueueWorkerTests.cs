using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Contract;
using SendWorkflows.Host.Intake;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.TestSupport;
using SendWorkflows.Infrastructure.Intake;
using SendWorkflows.Web.Intake;

namespace SendWorkflows.Host.Tests.Intake;

[Collection(AzuriteFixture.Collection)]
public sealed class QueueWorkerTests(AzuriteFixture azurite)
{
    readonly string queueName = "events-" + Guid.NewGuid().ToString("N")[..12];
    readonly ListRejectedEventStore rejected = new();

    (CaseEventQueueWorker Worker, QueueClient Queue, QueueClient Poison) Create(IWorkflowEventDispatcher dispatcher, int maxDequeueCount = 5)
    {
        var service = new QueueServiceClient(azurite.ConnectionString);
        var options = new QueueIntakeOptions { Name = queueName, PoisonName = queueName + "-poison", MaxDequeueCount = maxDequeueCount };
        var intake = new CaseEventIntake(new InMemoryProcessedEventStore(), rejected, dispatcher, new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)), NullLogger<CaseEventIntake>.Instance);
        var queue = service.GetQueueClient(options.Name);
        var poison = service.GetQueueClient(options.PoisonName);
        queue.CreateIfNotExists();
        poison.CreateIfNotExists();
        return (new CaseEventQueueWorker(service, intake, Options.Create(options), NullLogger<CaseEventQueueWorker>.Instance), queue, poison);
    }

    static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    [Fact]
    public async Task An_event_is_dispatched_and_its_message_deleted()
    {
        var dispatcher = new RecordingDispatcher();
        var (worker, queue, _) = Create(dispatcher);
        await queue.SendMessageAsync(SampleEvents.AssessmentRequested());

        var handled = await worker.ProcessBatchAsync(CancellationToken.None);

        Assert.Equal(1, handled);
        Assert.IsType<AssessmentRequested>(Assert.Single(dispatcher.Dispatched));
        Assert.Equal(0, await CountAsync(queue));
    }

    [Fact]
    public async Task A_batch_is_handled_several_cases_at_once_but_each_case_in_the_order_received()
    {
        var dispatcher = new RecordingDispatcher(); // refuses a case's advice request before its assessment request
        var (worker, queue, _) = Create(dispatcher);
        var cases = Enumerable.Range(1, 12).Select(i => $"EHC-2{i:000}").ToList();
        foreach (var caseId in cases)
        {
            await queue.SendMessageAsync(SampleEvents.AssessmentRequested(id: "req-" + caseId, caseId: caseId));
            await queue.SendMessageAsync(SampleEvents.AdviceRequested(id: "adv-" + caseId, caseId: caseId));
        }

        var handled = await worker.ProcessBatchAsync(CancellationToken.None);

        Assert.Equal(24, handled);
        Assert.Empty(rejected.Items);
        Assert.Equal(0, await CountAsync(queue));
        var order = dispatcher.Dispatched.ToList();
        Assert.All(cases, caseId => Assert.True(
            order.FindIndex(e => e.Id == "req-" + caseId) < order.FindIndex(e => e.Id == "adv-" + caseId),
            $"{caseId}: its advice request was handled before its assessment request"));
    }

    [Fact]
    public async Task A_base64_message_as_the_functions_binding_sends_it_is_read()
    {
        var dispatcher = new RecordingDispatcher();
        var (worker, queue, _) = Create(dispatcher);
        await queue.SendMessageAsync(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(SampleEvents.AssessmentRequested())));

        await worker.ProcessBatchAsync(CancellationToken.None);

        Assert.Single(dispatcher.Dispatched);
    }

    [Fact]
    public async Task An_unreadable_event_is_kept_as_rejected_and_not_redelivered()
    {
        var (worker, queue, poison) = Create(new RecordingDispatcher());
        await queue.SendMessageAsync("""{"id":"evt-7","type":"AdviceRequested","caseId":"EHC-1","on":"yesterday","contact":"ep"}""");

        await worker.ProcessBatchAsync(CancellationToken.None);

        var kept = Assert.Single(rejected.Items);
        Assert.Equal(("queue", "evt-7"), (kept.Source, kept.EventId));
        Assert.Contains("on", kept.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(queue));
        Assert.Equal(0, await CountAsync(poison));
    }

    [Fact]
    public async Task A_failing_message_is_left_for_redelivery_before_its_last_attempt()
    {
        var (worker, queue, poison) = Create(new ThrowingDispatcher(), maxDequeueCount: 2);
        await queue.SendMessageAsync(SampleEvents.AssessmentRequested());

        await worker.ProcessBatchAsync(CancellationToken.None);

        Assert.Equal(1, await CountAsync(queue));
        Assert.Equal(0, await CountAsync(poison));
    }

    [Fact]
    public async Task A_message_failing_its_last_delivery_moves_to_the_poison_queue_with_the_reason()
    {
        var (worker, queue, poison) = Create(new ThrowingDispatcher(), maxDequeueCount: 1);
        await queue.SendMessageAsync(SampleEvents.AssessmentRequested());

        await worker.ProcessBatchAsync(CancellationToken.None);

        Assert.Equal(0, await CountAsync(queue));
        var moved = Assert.Single((await poison.ReceiveMessagesAsync()).Value);
        var envelope = JsonSerializer.Deserialize<CaseEventQueueWorker.PoisonEnvelope>(moved.Body.ToString())!;
        Assert.Contains("storage is down", envelope.Reason, StringComparison.Ordinal);
        Assert.Equal(1, envelope.DequeueCount);
        Assert.Contains("AssessmentRequested", envelope.Body, StringComparison.Ordinal);
    }

    sealed class ThrowingDispatcher : IWorkflowEventDispatcher
    {
        public Task<DispatchOutcome> DispatchAsync(CaseEvent caseEvent, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("storage is down");

        public Task<DispatchOutcome> StartPlanAsync(PlanRecord plan, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("storage is down");
    }
}
