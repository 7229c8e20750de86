using Azure.Messaging.ServiceBus;
using FakeItEasy;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using SendWorkflows.Contract;
using SendWorkflows.Functions.CaseEvents;

namespace SendWorkflows.Functions.Tests;

/// <summary>
/// The hosted Service Bus intake settles each message as the handler decides, through the SDK's own settlement
/// calls (faked receiver and client; messages built with <see cref="ServiceBusModelFactory"/>).
/// </summary>
public sealed class ServiceBusIntakeTests
{
    readonly ICaseEventDispatcher dispatcher = A.Fake<ICaseEventDispatcher>();
    readonly ServiceBusSessionReceiver receiver = A.Fake<ServiceBusSessionReceiver>();
    readonly ServiceBusClient serviceBus = A.Fake<ServiceBusClient>();
    readonly ServiceBusSessionProcessor processor = A.Fake<ServiceBusSessionProcessor>();
    readonly DurableClientHolder durableClients = new();
    readonly DurableTaskClient workflows = A.Fake<DurableTaskClient>();
    readonly ServiceBusCaseEventIntake intake;

    const string Body = """{"id":"ev-1","type":"ReviewMeetingHeld","caseId":"P1","on":"2026-11-23"}""";

    public ServiceBusIntakeTests()
    {
        var handler = new CaseEventMessageHandler(new ContractCaseEventReader(), dispatcher, NullLogger<CaseEventMessageHandler>.Instance);
        intake = new ServiceBusCaseEventIntake(serviceBus, new ServiceBusIntakeOptions("sb-test.servicebus.windows.net"),
            handler, durableClients, NullLogger<ServiceBusCaseEventIntake>.Instance);
        durableClients.Offer(workflows);
        A.CallTo(() => dispatcher.DispatchAsync(A<CaseEvent>._, A<DurableTaskClient>._, A<CancellationToken>._))
            .Returns(new CaseEventDelivery.Accepted());
    }

    static ServiceBusReceivedMessage Message(string body = Body, string sessionId = "P1", string messageId = "ev-1") =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString(body), messageId: messageId, sessionId: sessionId);

    ProcessSessionMessageEventArgs Args(ServiceBusReceivedMessage message) => new(message, receiver, CancellationToken.None);

    [Fact]
    public async Task A_valid_event_goes_to_the_workflows_with_the_offered_client_and_is_completed()
    {
        var message = Message();

        await intake.HandleAsync(Args(message));

        A.CallTo(() => dispatcher.DispatchAsync(A<CaseEvent>.That.Matches(e => e.Id == "ev-1" && e.CaseId == "P1"), workflows, A<CancellationToken>._))
            .MustHaveHappenedOnceExactly();
        A.CallTo(() => receiver.CompleteMessageAsync(message, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        A.CallTo(() => receiver.DeadLetterMessageAsync(A<ServiceBusReceivedMessage>._, A<string>._, A<string>._, A<CancellationToken>._)).MustNotHaveHappened();
    }

    [Fact]
    public async Task A_message_whose_session_is_not_its_case_is_dead_lettered_with_the_reason()
    {
        var message = Message(sessionId: "P2");

        await intake.HandleAsync(Args(message));

        A.CallTo(() => receiver.DeadLetterMessageAsync(message, CaseEventMessageHandler.SessionMismatchReason,
                A<string>.That.Contains("'P1'"), A<CancellationToken>._))
            .MustHaveHappenedOnceExactly();
        A.CallTo(() => dispatcher.DispatchAsync(A<CaseEvent>._, A<DurableTaskClient>._, A<CancellationToken>._)).MustNotHaveHappened();
    }

    [Fact]
    public async Task An_unreadable_body_is_dead_lettered_as_invalid()
    {
        var message = Message(body: "not json");

        await intake.HandleAsync(Args(message));

        A.CallTo(() => receiver.DeadLetterMessageAsync(message, CaseEventMessageHandler.InvalidReason, A<string>._, A<CancellationToken>._))
            .MustHaveHappenedOnceExactly();
        A.CallTo(() => receiver.CompleteMessageAsync(A<ServiceBusReceivedMessage>._, A<CancellationToken>._)).MustNotHaveHappened();
    }

    [Fact]
    public async Task An_event_the_workflows_reject_is_dead_lettered_with_their_reason()
    {
        A.CallTo(() => dispatcher.DispatchAsync(A<CaseEvent>._, A<DurableTaskClient>._, A<CancellationToken>._))
            .Returns(new CaseEventDelivery.Rejected("case 'P1' is unknown"));
        var message = Message();

        await intake.HandleAsync(Args(message));

        A.CallTo(() => receiver.DeadLetterMessageAsync(message, CaseEventMessageHandler.RejectedReason, "case 'P1' is unknown", A<CancellationToken>._))
            .MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task A_transient_failure_abandons_the_message_for_redelivery()
    {
        A.CallTo(() => dispatcher.DispatchAsync(A<CaseEvent>._, A<DurableTaskClient>._, A<CancellationToken>._))
            .Throws(new TimeoutException("the task hub did not answer"));
        var message = Message();

        await intake.HandleAsync(Args(message));

        A.CallTo(() => receiver.AbandonMessageAsync(message, A<IDictionary<string, object>?>._, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        A.CallTo(() => receiver.CompleteMessageAsync(A<ServiceBusReceivedMessage>._, A<CancellationToken>._)).MustNotHaveHappened();
        A.CallTo(() => receiver.DeadLetterMessageAsync(A<ServiceBusReceivedMessage>._, A<string>._, A<string>._, A<CancellationToken>._)).MustNotHaveHappened();
    }

    [Fact]
    public async Task The_processor_takes_one_message_at_a_time_per_case_session_and_settles_explicitly()
    {
        ServiceBusSessionProcessorOptions? options = null;
        A.CallTo(() => serviceBus.CreateSessionProcessor("case-events", A<ServiceBusSessionProcessorOptions>._))
            .ReturnsLazily((string _, ServiceBusSessionProcessorOptions o) =>
            {
                options = o;
                return processor;
            });

        await intake.StartAsync(CancellationToken.None);

        Assert.NotNull(options);
        Assert.False(options.AutoCompleteMessages);
        Assert.Equal(1, options.MaxConcurrentCallsPerSession);
        A.CallTo(() => processor.StartProcessingAsync(A<CancellationToken>._)).MustHaveHappenedOnceExactly();

        await intake.StopAsync(CancellationToken.None);
        A.CallTo(() => processor.StopProcessingAsync(A<CancellationToken>._)).MustHaveHappenedOnceExactly();
    }
}
