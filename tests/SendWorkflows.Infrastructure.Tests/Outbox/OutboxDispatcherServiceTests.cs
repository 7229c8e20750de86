using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Tests.Email;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace SendWorkflows.Infrastructure.Tests.Outbox;

[Collection(LocalServicesCollection.Name)]
public sealed class OutboxDispatcherServiceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_hosted_service_dispatches_at_start_and_again_each_poll_interval()
    {
        var time = new PollWatchingTime(TimeSpan.FromSeconds(30));
        var table = azurite.NewNotificationTable();
        await new TableNotificationLog(table, time).RecordAsync(SampleNotifications.For(NotificationKind.AdviceRequest));
        var sender = new SignallingSender();
        var options = MsOptions.Create(new OutboxOptions { FirstRetryDelay = TimeSpan.FromSeconds(20), PollInterval = TimeSpan.FromSeconds(30) });
        var dispatcher = new OutboxDispatcher(new TableOutboxStore(table), sender, new NoDeliveryConfirmation("test"), TestRenderer.Create(), options, time, NullLogger<OutboxDispatcher>.Instance);
        using var service = new OutboxDispatcherService(dispatcher, options, time, NullLogger<OutboxDispatcherService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await sender.Calls[0].Task.WaitAsync(TimeSpan.FromSeconds(30));
        await time.PollWaiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var secondBeforePoll = sender.Calls[1].Task.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(30));
        await sender.Calls[1].Task.WaitAsync(TimeSpan.FromSeconds(30));
        await service.StopAsync(CancellationToken.None);

        Assert.False(secondBeforePoll);
        Assert.Equal(2, sender.Count);
    }

    /// <summary>A fake clock that tells when the service starts waiting for its next poll.</summary>
    private sealed class PollWatchingTime(TimeSpan pollInterval) : FakeTimeProvider(new DateTimeOffset(2026, 3, 17, 7, 0, 0, TimeSpan.Zero))
    {
        public TaskCompletionSource PollWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == pollInterval)
            {
                PollWaiting.TrySetResult();
            }

            return timer;
        }
    }

    /// <summary>Fails every send (so the row stays due) and signals each call.</summary>
    private sealed class SignallingSender : IEmailSender
    {
        private int count;

        public TaskCompletionSource[] Calls { get; } = [new(TaskCreationOptions.RunContinuationsAsynchronously), new(TaskCreationOptions.RunContinuationsAsynchronously)];

        public int Count => count;

        public Task<EmailSendResult> SendAsync(EmailMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
        {
            var call = Interlocked.Increment(ref count);
            if (call <= Calls.Length)
            {
                Calls[call - 1].TrySetResult();
            }

            return Task.FromResult(EmailSendResult.Transient("try later"));
        }
    }
}
