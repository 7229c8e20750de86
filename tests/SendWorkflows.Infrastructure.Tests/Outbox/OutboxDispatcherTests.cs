using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Email;
using SendWorkflows.Infrastructure.Email.Confirmation;
using SendWorkflows.Infrastructure.Email.Providers;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Tests.Email;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;
using static SendWorkflows.Infrastructure.Tests.Tables.TableNotificationLogTests;

namespace SendWorkflows.Infrastructure.Tests.Outbox;

/// <summary>Exactly-once delivery through the Table outbox, the real SMTP path and MailDev.</summary>
[Collection(LocalServicesCollection.Name)]
public sealed class OutboxDispatcherTests(AzuriteFixture azurite, MailDevFixture maildev)
{
    private static readonly OutboxOptions Options = OutboxTestSettings.Options;

    private readonly FakeTimeProvider time = OutboxTestSettings.Clock();
    private readonly NotificationTable table = azurite.NewNotificationTable();

    [Fact]
    public async Task Recorded_twice_and_dispatched_by_two_dispatchers_at_once_each_recipient_gets_one_email()
    {
        await maildev.ClearAsync();
        var log = new TableNotificationLog(table, time);
        var notifications = new[] { NotificationKind.AdviceSeniorEscalation, NotificationKind.ReviewMeetingNotScheduled, NotificationKind.AdviceRequest }
            .Select(SampleNotifications.For).ToList();
        foreach (var n in notifications)
        {
            await log.RecordAsync(n);
            await log.RecordAsync(n); // the recording activity ran twice
        }

        var first = Dispatcher(Smtp(), "dispatcher-a");
        var second = Dispatcher(Smtp(), "dispatcher-b");
        var counts = await Task.WhenAll(first.DispatchDueAsync(), second.DispatchDueAsync());
        var again = await first.DispatchDueAsync();

        var expected = notifications.SelectMany(n => n.To.Concat(n.Cc).Select(r => (n.Key, r))).ToList();
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected.Count, counts.Sum(c => c.Sent));
        Assert.Equal(new DispatchCounts(), again);
        var received = await maildev.MessagesAsync();
        Assert.Equal(expected.Count, received.Count);
        Assert.Equal(expected.Count, received.Select(m => m.GetProperty("headers").GetProperty("message-id").GetString()).Distinct().Count());
        foreach (var (_, recipient) in expected)
        {
            Assert.Contains(received, m => m.GetProperty("to")[0].GetProperty("address").GetString() == recipient);
        }

        var rows = await ToListAsync(new TableOutboxStore(table).ListAsync());
        Assert.All(rows, r => Assert.Equal((OutboxStatus.Sent, 1, time.GetUtcNow()), (r.Status, r.Attempts, r.SentAt)));
    }

    [Fact]
    public async Task Without_confirmation_a_crash_between_send_and_mark_holds_the_row_for_the_lease_then_resends_with_the_same_message_id()
    {
        await maildev.ClearAsync();
        var notification = SampleNotifications.For(NotificationKind.AdviceOverdue);
        await new TableNotificationLog(table, time).RecordAsync(notification);
        using var process = new CancellationTokenSource();
        var crashing = Dispatcher(new CrashAfterSendSender(Smtp(), process), "dispatcher-that-dies");
        var survivor = Dispatcher(Smtp(), "dispatcher-that-survives");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashing.DispatchDueAsync(process.Token));
        var store = new TableOutboxStore(table);
        var orphan = await store.FindAsync(notification.CaseId, notification.Key, SampleNotifications.Adviser);
        var duringLease = await survivor.DispatchDueAsync();
        time.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        var afterLease = await survivor.DispatchDueAsync();

        Assert.Equal((OutboxStatus.Sending, "dispatcher-that-dies", 1), (orphan!.Status, orphan.LeaseOwner, orphan.Attempts));
        Assert.Equal(new DispatchCounts(), duringLease);
        Assert.Equal(1, afterLease.Sent);
        var row = await store.FindAsync(notification.CaseId, notification.Key, SampleNotifications.Adviser);
        Assert.Equal((OutboxStatus.Sent, 2, 1, false), (row!.Status, row.Attempts, row.InterruptedAttempts, row.ConfirmedAfterInterruption));
        Assert.Contains("interrupted", row.LastError);
        Assert.Contains("WhenUnconfirmed=Resend", row.LastError);

        // The fallback when the provider cannot be asked (ADR 0044): a copy, recognisable as the same message.
        var received = await maildev.MessagesToAsync(SampleNotifications.Adviser);
        Assert.Equal(2, received.Count);
        var ids = received.Select(m => m.GetProperty("headers").GetProperty("message-id").GetString()).Distinct().ToList();
        Assert.Equal($"<{DeterministicMessageId.For(row.Id, "sendworkflows.local")}>", Assert.Single(ids));
    }

    [Fact]
    public async Task With_MailDev_confirmation_a_crash_between_send_and_mark_is_marked_sent_without_a_second_copy()
    {
        await maildev.ClearAsync();
        var notification = SampleNotifications.For(NotificationKind.AdviceOverdue);
        await new TableNotificationLog(table, time).RecordAsync(notification);
        using var process = new CancellationTokenSource();
        var crashing = Dispatcher(new CrashAfterSendSender(Smtp(), process), "dispatcher-that-dies");
        var survivor = Dispatcher(Smtp(), "dispatcher-that-survives", maildev.Confirmation());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashing.DispatchDueAsync(process.Token));
        time.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        var afterLease = await survivor.DispatchDueAsync();
        var again = await survivor.DispatchDueAsync();

        Assert.Equal((1, 0), (afterLease.Sent, again.Total));
        var row = await new TableOutboxStore(table).FindAsync(notification.CaseId, notification.Key, SampleNotifications.Adviser);
        var messageId = $"<{DeterministicMessageId.For(row!.Id, "sendworkflows.local")}>";
        Assert.Equal((OutboxStatus.Sent, 1, 1, true, messageId), (row.Status, row.Attempts, row.InterruptedAttempts, row.ConfirmedAfterInterruption, row.ProviderMessageId));
        Assert.Null(row.UnconfirmedAttemptEndedAt);
        Assert.Contains("Confirmed by the provider", row.LastError);
        var received = Assert.Single(await maildev.MessagesToAsync(SampleNotifications.Adviser));
        Assert.Equal(messageId, received.GetProperty("headers").GetProperty("message-id").GetString());
    }

    [Fact]
    public async Task With_MailDev_confirmation_an_attempt_that_died_before_sending_is_sent_once()
    {
        await maildev.ClearAsync();
        var notification = SampleNotifications.For(NotificationKind.AdviceOverdue);
        await new TableNotificationLog(table, time).RecordAsync(notification);
        using var process = new CancellationTokenSource();
        var crashing = Dispatcher(new CrashBeforeSendSender(process), "dispatcher-that-dies");
        var survivor = Dispatcher(Smtp(), "dispatcher-that-survives", maildev.Confirmation());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashing.DispatchDueAsync(process.Token));
        time.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        var afterLease = await survivor.DispatchDueAsync();

        Assert.Equal(1, afterLease.Sent);
        var row = await new TableOutboxStore(table).FindAsync(notification.CaseId, notification.Key, SampleNotifications.Adviser);
        Assert.Equal((OutboxStatus.Sent, 2, 1, false), (row!.Status, row.Attempts, row.InterruptedAttempts, row.ConfirmedAfterInterruption));
        Assert.Contains("MailDev holds no message", row.LastError);
        Assert.Single(await maildev.MessagesToAsync(SampleNotifications.Adviser));
    }

    [Fact]
    public async Task Transient_failures_back_off_exponentially_then_dead_letter_with_the_last_error()
    {
        var notification = SampleNotifications.For(NotificationKind.AdviceRequest);
        await new TableNotificationLog(table, time).RecordAsync(notification);
        var sender = new FixedResultSender(EmailSendResult.Transient("SMTP connection to relay:25 failed: refused"));
        var dispatcher = Dispatcher(sender, "dispatcher");
        var store = new TableOutboxStore(table);
        var start = time.GetUtcNow();

        var first = await dispatcher.DispatchDueAsync();
        var tooEarly = await dispatcher.DispatchDueAsync();
        var afterFirst = await store.FindAsync(notification.CaseId, notification.Key, SampleNotifications.Adviser);
        time.Advance(TimeSpan.FromMinutes(1));
        var second = await dispatcher.DispatchDueAsync();
        var afterSecond = await store.FindAsync(notification.CaseId, notification.Key, SampleNotifications.Adviser);
        time.Advance(TimeSpan.FromMinutes(2));
        var third = await dispatcher.DispatchDueAsync();
        time.Advance(TimeSpan.FromDays(1));
        var later = await dispatcher.DispatchDueAsync();

        Assert.Equal((1, 0, 1, 0), (first.Retrying, tooEarly.Total, second.Retrying, later.Total));
        Assert.Equal(start + TimeSpan.FromMinutes(1), afterFirst!.NextAttemptAt);
        Assert.Equal(start + TimeSpan.FromMinutes(1 + 2), afterSecond!.NextAttemptAt);
        Assert.Equal(1, third.DeadLettered);
        Assert.Equal(3, sender.Calls);
        var dead = Assert.Single(await ToListAsync(store.ListAsync(OutboxStatus.DeadLettered)));
        Assert.Equal(3, dead.Attempts);
        Assert.Equal("Gave up after 3 attempts. Last error: SMTP connection to relay:25 failed: refused", dead.LastError);
    }

    [Fact]
    public async Task A_permanent_failure_is_dead_lettered_at_once_with_the_reason()
    {
        var notification = SampleNotifications.For(NotificationKind.AdviceRequest);
        await new TableNotificationLog(table, time).RecordAsync(notification);
        var sender = new FixedResultSender(EmailSendResult.Permanent("SendGrid rejected the message (400): invalid address"));

        var counts = await Dispatcher(sender, "dispatcher").DispatchDueAsync();

        Assert.Equal(1, counts.DeadLettered);
        var dead = Assert.Single(await ToListAsync(new TableOutboxStore(table).ListAsync(OutboxStatus.DeadLettered)));
        Assert.Equal("SendGrid rejected the message (400): invalid address", dead.LastError);
        Assert.Equal(1, sender.Calls);
    }

    [Fact]
    public async Task A_notification_that_cannot_be_worded_is_dead_lettered_not_retried()
    {
        var notification = SampleNotifications.For(NotificationKind.AdviceRequest) with { Kind = (NotificationKind)999 };
        await new TableNotificationLog(table, time).RecordAsync(notification);
        var sender = new FixedResultSender(EmailSendResult.Sent());

        var counts = await Dispatcher(sender, "dispatcher").DispatchDueAsync();

        Assert.Equal(1, counts.DeadLettered);
        Assert.Equal(0, sender.Calls);
        var dead = Assert.Single(await ToListAsync(new TableOutboxStore(table).ListAsync(OutboxStatus.DeadLettered)));
        Assert.StartsWith("Could not render the e-mail: No e-mail wording for notification kind 999", dead.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_letter_requeued_after_its_cause_is_fixed_is_sent()
    {
        await maildev.ClearAsync();
        var notification = SampleNotifications.For(NotificationKind.DecisionDueReminder);
        await new TableNotificationLog(table, time).RecordAsync(notification);
        var store = new TableOutboxStore(table);
        await Dispatcher(new FixedResultSender(EmailSendResult.Permanent("SendGrid rejected the message (401): bad API key")), "misconfigured").DispatchDueAsync();
        var dead = Assert.Single(await ToListAsync(store.ListAsync(OutboxStatus.DeadLettered)));

        Assert.True(await store.RequeueAsync(dead, time.GetUtcNow()));
        Assert.False(await store.RequeueAsync(dead, time.GetUtcNow()));
        var counts = await Dispatcher(Smtp(), "fixed").DispatchDueAsync();

        Assert.Equal(1, counts.Sent);
        Assert.Single(await maildev.MessagesToAsync(SampleNotifications.Caseworker));
        Assert.Empty(await ToListAsync(store.ListAsync(OutboxStatus.DeadLettered)));
    }

    [Fact]
    public async Task A_SendGrid_rate_limit_reschedules_the_row_to_the_reset_time()
    {
        var notification = SampleNotifications.For(NotificationKind.ReviewUpcoming);
        await new TableNotificationLog(table, time).RecordAsync(notification);
        var reset = time.GetUtcNow().AddMinutes(10);
        await using var sendGrid = new ScriptedHttpListener(
            new ScriptedResponse(429, "{}", new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            new ScriptedResponse(202, "", new Dictionary<string, string> { ["X-Message-Id"] = "sg-42" }));
        var sender = new SendGridEmailSender(
            () => new HttpClient(),
            Microsoft.Extensions.Options.Options.Create(TestRenderer.Options),
            Microsoft.Extensions.Options.Options.Create(new SendGridEmailOptions { ApiKey = "SG.test", BaseUrl = sendGrid.BaseUrl }),
            time);
        var dispatcher = Dispatcher(sender, "dispatcher");
        var store = new TableOutboxStore(table);

        var limited = await dispatcher.DispatchDueAsync();
        var rescheduled = await store.FindAsync(notification.CaseId, notification.Key, SampleNotifications.Senco);
        time.Advance(TimeSpan.FromMinutes(9));
        var beforeReset = await dispatcher.DispatchDueAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        var afterReset = await dispatcher.DispatchDueAsync();

        Assert.Equal(1, limited.Retrying);
        Assert.Equal(reset, rescheduled!.NextAttemptAt);
        Assert.Equal(0, beforeReset.Total);
        Assert.Equal(1, afterReset.Sent);
        var sent = await store.FindAsync(notification.CaseId, notification.Key, SampleNotifications.Senco);
        Assert.Equal("sg-42", sent!.ProviderMessageId);
        Assert.All(sendGrid.Received, r => Assert.Contains(sent.Id, r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_name_outbox_rows_without_the_recipients_address()
    {
        var notification = SampleNotifications.For(NotificationKind.AdviceOverdue);
        await new TableNotificationLog(table, time).RecordAsync(notification);
        var logger = new CapturingLogger();
        var dispatcher = new OutboxDispatcher(
            new TableOutboxStore(table),
            new FixedResultSender(EmailSendResult.Transient("mailbox busy")),
            new NoDeliveryConfirmation("test"),
            TestRenderer.Create(),
            Microsoft.Extensions.Options.Options.Create(Options with { DispatcherId = "logging" }),
            time,
            logger);

        for (var attempt = 0; attempt < Options.MaxAttempts; attempt++)
        {
            await dispatcher.DispatchDueAsync();
            time.Advance(Options.MaxRetryDelay);
        }

        Assert.Contains(logger.Messages, m => m.Contains("dead-lettered", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Contains(notification.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Messages, m => m.Contains('@', StringComparison.Ordinal));
    }

    private sealed class CapturingLogger : Microsoft.Extensions.Logging.ILogger<OutboxDispatcher>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(
            Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Messages.Add(formatter(state, exception));
    }

    private SmtpEmailSender Smtp() => new(Microsoft.Extensions.Options.Options.Create(TestRenderer.Options), maildev.SmtpOptions());

    private OutboxDispatcher Dispatcher(IEmailSender sender, string id, IDeliveryConfirmation? confirmation = null) => new(
        new TableOutboxStore(table),
        sender,
        confirmation ?? new NoDeliveryConfirmation("plain SMTP cannot say"),
        TestRenderer.Create(),
        Microsoft.Extensions.Options.Options.Create(Options with { DispatcherId = id }),
        time,
        NullLogger<OutboxDispatcher>.Instance);
}
