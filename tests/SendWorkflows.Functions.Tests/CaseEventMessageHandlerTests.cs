using FakeItEasy;
using Microsoft.Extensions.Logging.Abstractions;
using SendWorkflows.Contract;
using SendWorkflows.Functions.CaseEvents;
using Microsoft.DurableTask.Client;

namespace SendWorkflows.Functions.Tests;

public sealed class CaseEventMessageHandlerTests
{
    readonly ICaseEventReader reader = A.Fake<ICaseEventReader>();
    readonly ICaseEventDispatcher dispatcher = A.Fake<ICaseEventDispatcher>();
    readonly DurableTaskClient client = A.Fake<DurableTaskClient>();
    readonly CaseEventMessageHandler handler;

    static readonly CaseEvent Held = new ReviewMeetingHeld("ev-1", "P1", new DateOnly(2026, 11, 23));

    public CaseEventMessageHandlerTests()
    {
        handler = new CaseEventMessageHandler(reader, dispatcher, NullLogger<CaseEventMessageHandler>.Instance);
        A.CallTo(() => reader.Read("body")).Returns(Held);
        A.CallTo(() => dispatcher.DispatchAsync(A<CaseEvent>._, A<DurableTaskClient>._, A<CancellationToken>._))
            .Returns(new CaseEventDelivery.Accepted());
    }

    [Fact]
    public async Task A_valid_event_is_dispatched_and_completed()
    {
        var settlement = await handler.HandleAsync(new CaseEventMessage("body", "P1", "ev-1"), client, CancellationToken.None);

        Assert.IsType<MessageSettlement.Complete>(settlement);
        A.CallTo(() => dispatcher.DispatchAsync(Held, client, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task Unreadable_json_is_dead_lettered_with_the_readers_reason()
    {
        A.CallTo(() => reader.Read("nonsense")).Throws(new FormatException("Unknown case event type 'Foo'."));

        var settlement = await handler.HandleAsync(new CaseEventMessage("nonsense", "P1", "ev-1"), client, CancellationToken.None);

        var deadLetter = Assert.IsType<MessageSettlement.DeadLetter>(settlement);
        Assert.Equal(CaseEventMessageHandler.InvalidReason, deadLetter.Reason);
        Assert.Equal("Unknown case event type 'Foo'.", deadLetter.Description);
        A.CallTo(dispatcher).MustNotHaveHappened();
    }

    [Fact]
    public async Task A_session_that_is_not_the_case_is_dead_lettered()
    {
        var settlement = await handler.HandleAsync(new CaseEventMessage("body", "P2", "ev-1"), client, CancellationToken.None);

        var deadLetter = Assert.IsType<MessageSettlement.DeadLetter>(settlement);
        Assert.Equal(CaseEventMessageHandler.SessionMismatchReason, deadLetter.Reason);
        Assert.Contains("'P2'", deadLetter.Description);
        A.CallTo(dispatcher).MustNotHaveHappened();
    }

    [Fact]
    public async Task A_message_id_that_is_not_the_event_id_is_dead_lettered()
    {
        var settlement = await handler.HandleAsync(new CaseEventMessage("body", "P1", "other"), client, CancellationToken.None);

        Assert.Equal(CaseEventMessageHandler.MessageIdMismatchReason, Assert.IsType<MessageSettlement.DeadLetter>(settlement).Reason);
    }

    [Fact]
    public async Task An_event_over_http_has_no_session_or_message_id_to_check()
    {
        var settlement = await handler.HandleAsync(new CaseEventMessage("body", null, null), client, CancellationToken.None);

        Assert.IsType<MessageSettlement.Complete>(settlement);
    }

    [Fact]
    public async Task An_event_the_workflows_reject_is_dead_lettered_with_their_reason()
    {
        A.CallTo(() => dispatcher.DispatchAsync(A<CaseEvent>._, A<DurableTaskClient>._, A<CancellationToken>._))
            .Returns(new CaseEventDelivery.Rejected("No plan 'P1' is known."));

        var settlement = await handler.HandleAsync(new CaseEventMessage("body", "P1", "ev-1"), client, CancellationToken.None);

        var deadLetter = Assert.IsType<MessageSettlement.DeadLetter>(settlement);
        Assert.Equal(CaseEventMessageHandler.RejectedReason, deadLetter.Reason);
        Assert.Equal("No plan 'P1' is known.", deadLetter.Description);
    }

    [Fact]
    public async Task A_failure_while_dispatching_abandons_the_message_for_redelivery()
    {
        A.CallTo(() => dispatcher.DispatchAsync(A<CaseEvent>._, A<DurableTaskClient>._, A<CancellationToken>._))
            .ThrowsAsync(new TimeoutException("task hub unavailable"));

        var settlement = await handler.HandleAsync(new CaseEventMessage("body", "P1", "ev-1"), client, CancellationToken.None);

        Assert.Equal("task hub unavailable", Assert.IsType<MessageSettlement.Abandon>(settlement).Reason);
    }
}
