using FakeItEasy;
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

/// <summary>
/// Taking over an interrupted attempt (ADR 0044): each answer of the provider, the lag of its records and the
/// <see cref="WhenUnconfirmed"/> policy, on a real Table outbox with a faked sender and confirmation.
/// </summary>
[Collection(LocalServicesCollection.Name)]
public sealed class InterruptedAttemptTests
{
    private static readonly OutboxOptions Options = OutboxTestSettings.Options;

    private readonly FakeTimeProvider time = OutboxTestSettings.Clock();
    private readonly NotificationTable table;
    private readonly IEmailSender sender = A.Fake<IEmailSender>();
    private readonly IDeliveryConfirmation confirmation = A.Fake<IDeliveryConfirmation>();
    private readonly Notification notification = SampleNotifications.For(NotificationKind.AdviceOverdue);

    public InterruptedAttemptTests(AzuriteFixture azurite)
    {
        table = azurite.NewNotificationTable();
        A.CallTo(() => sender.SendAsync(A<EmailMessage>._, A<string>._, A<CancellationToken>._)).Returns(EmailSendResult.Sent("sent-again"));
        A.CallTo(() => confirmation.NotFoundTrustedAfter).Returns(TimeSpan.Zero);
    }

    [Fact]
    public async Task Accepted_marks_the_row_sent_with_the_providers_id_without_sending()
    {
        var leaseEnd = await InterruptAnAttemptAsync();
        Answer(DeliveryCheck.Accepted("The provider has it.", "provider-7"));

        var counts = await Dispatcher().DispatchDueAsync();

        Assert.Equal(1, counts.Sent);
        SenderNotCalled();
        var row = await Row();
        A.CallTo(() => confirmation.CheckAsync(row.Id, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        Assert.Equal((OutboxStatus.Sent, 1, 1, true, "provider-7"), (row.Status, row.Attempts, row.InterruptedAttempts, row.ConfirmedAfterInterruption, row.ProviderMessageId));
        Assert.Equal((time.GetUtcNow(), (DateTimeOffset?)null, (string?)null), (row.SentAt!.Value, row.UnconfirmedAttemptEndedAt, row.LeaseOwner));
        Assert.True(leaseEnd < time.GetUtcNow());
        Assert.Contains("interrupted", row.LastError);
        Assert.Contains("Confirmed by the provider: The provider has it.", row.LastError);
    }

    [Fact]
    public async Task Not_found_sends_again_once()
    {
        await InterruptAnAttemptAsync();
        Answer(DeliveryCheck.NotFound("No such message."));

        var counts = await Dispatcher().DispatchDueAsync();

        Assert.Equal(1, counts.Sent);
        A.CallTo(() => sender.SendAsync(A<EmailMessage>._, A<string>._, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        var row = await Row();
        Assert.Equal((OutboxStatus.Sent, 2, 1, false, "sent-again"), (row.Status, row.Attempts, row.InterruptedAttempts, row.ConfirmedAfterInterruption, row.ProviderMessageId));
        Assert.Null(row.UnconfirmedAttemptEndedAt);
        Assert.Contains("No such message. Sending again.", row.LastError);
    }

    [Fact]
    public async Task Not_found_before_the_providers_records_catch_up_waits_then_asks_again()
    {
        var leaseEnd = await InterruptAnAttemptAsync();
        A.CallTo(() => confirmation.NotFoundTrustedAfter).Returns(TimeSpan.FromMinutes(15));
        Answer(DeliveryCheck.NotFound("Not in the activity feed."));

        var tooSoon = await Dispatcher().DispatchDueAsync();
        var waiting = await Row();
        time.SetUtcNow(leaseEnd + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        var stillWaiting = await Dispatcher().DispatchDueAsync();
        time.SetUtcNow(leaseEnd + TimeSpan.FromMinutes(15));
        var trusted = await Dispatcher().DispatchDueAsync();

        Assert.Equal((1, 0, 1), (tooSoon.Retrying, stillWaiting.Total, trusted.Sent));
        Assert.Equal((OutboxStatus.Pending, 1, 1), (waiting.Status, waiting.Attempts, waiting.InterruptedAttempts));
        Assert.Equal(leaseEnd + TimeSpan.FromMinutes(15), waiting.NextAttemptAt);
        Assert.Equal(leaseEnd, waiting.UnconfirmedAttemptEndedAt);
        Assert.Contains("may lag", waiting.LastError);
        A.CallTo(() => confirmation.CheckAsync(A<string>._, A<CancellationToken>._)).MustHaveHappenedTwiceExactly();
        A.CallTo(() => sender.SendAsync(A<EmailMessage>._, A<string>._, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        var sent = await Row();
        Assert.Equal((OutboxStatus.Sent, 2, 1), (sent.Status, sent.Attempts, sent.InterruptedAttempts));
    }

    [Fact]
    public async Task A_message_that_shows_up_after_the_wait_is_marked_sent_not_sent_again()
    {
        var leaseEnd = await InterruptAnAttemptAsync();
        A.CallTo(() => confirmation.NotFoundTrustedAfter).Returns(TimeSpan.FromMinutes(15));
        A.CallTo(() => confirmation.CheckAsync(A<string>._, A<CancellationToken>._))
            .ReturnsNextFromSequence(DeliveryCheck.NotFound("Not yet."), DeliveryCheck.Accepted("It arrived.", "sg-1"));

        await Dispatcher().DispatchDueAsync();
        time.SetUtcNow(leaseEnd + TimeSpan.FromMinutes(15));
        var counts = await Dispatcher().DispatchDueAsync();

        Assert.Equal(1, counts.Sent);
        SenderNotCalled();
        var row = await Row();
        Assert.Equal((OutboxStatus.Sent, true, "sg-1", 1), (row.Status, row.ConfirmedAfterInterruption, row.ProviderMessageId, row.InterruptedAttempts));
    }

    [Fact]
    public async Task Unknown_resends_by_default_and_says_a_copy_may_exist()
    {
        await InterruptAnAttemptAsync();
        Answer(DeliveryCheck.Unknown("SMTP cannot say."));

        var counts = await Dispatcher().DispatchDueAsync();

        Assert.Equal(1, counts.Sent);
        A.CallTo(() => sender.SendAsync(A<EmailMessage>._, A<string>._, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        var row = await Row();
        Assert.Equal((OutboxStatus.Sent, 2, false), (row.Status, row.Attempts, row.ConfirmedAfterInterruption));
        Assert.Contains("SMTP cannot say", row.LastError);
        Assert.Contains("second copy", row.LastError);
    }

    [Fact]
    public async Task Unknown_with_hold_dead_letters_the_row_for_a_person_and_a_requeue_sends_it_without_asking_again()
    {
        await InterruptAnAttemptAsync();
        Answer(DeliveryCheck.Unknown("SMTP cannot say."));
        var store = new TableOutboxStore(table);

        var held = await Dispatcher(WhenUnconfirmed.Hold).DispatchDueAsync();
        var dead = Assert.Single(await Tables.TableNotificationLogTests.ToListAsync(store.ListAsync(OutboxStatus.DeadLettered)));
        Assert.True(await store.RequeueAsync(dead, time.GetUtcNow()));
        var requeued = await Dispatcher(WhenUnconfirmed.Hold).DispatchDueAsync();

        Assert.Equal((1, 1), (held.DeadLettered, requeued.Sent));
        Assert.StartsWith("Attempt 1 by dies", dead.LastError, StringComparison.Ordinal);
        Assert.Contains("Held for a person to check", dead.LastError);
        Assert.Null(dead.UnconfirmedAttemptEndedAt);
        A.CallTo(() => confirmation.CheckAsync(A<string>._, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
        A.CallTo(() => sender.SendAsync(A<EmailMessage>._, A<string>._, A<CancellationToken>._)).MustHaveHappenedOnceExactly();
    }

    [Fact]
    public async Task A_provider_that_cannot_be_asked_now_is_asked_again_after_a_backoff_counted_as_an_attempt()
    {
        await InterruptAnAttemptAsync();
        A.CallTo(() => confirmation.CheckAsync(A<string>._, A<CancellationToken>._))
            .ReturnsNextFromSequence(DeliveryCheck.Unavailable("503 from the lookup."), DeliveryCheck.Accepted("There now.", "id-2"));

        var askedAt = time.GetUtcNow();
        var first = await Dispatcher().DispatchDueAsync();
        var retrying = await Row();
        time.Advance(Options.FirstRetryDelay * 2);
        var second = await Dispatcher().DispatchDueAsync();

        Assert.Equal((1, 1), (first.Retrying, second.Sent));
        Assert.Equal((OutboxStatus.Pending, 2, askedAt + Options.FirstRetryDelay * 2), (retrying.Status, retrying.Attempts, retrying.NextAttemptAt));
        Assert.NotNull(retrying.UnconfirmedAttemptEndedAt);
        Assert.Contains("503 from the lookup", retrying.LastError);
        SenderNotCalled();
        Assert.True((await Row()).ConfirmedAfterInterruption);
    }

    [Fact]
    public async Task A_lookup_that_throws_is_retried_and_a_lookup_that_never_answers_ends_in_a_dead_letter()
    {
        await InterruptAnAttemptAsync();
        A.CallTo(() => confirmation.CheckAsync(A<string>._, A<CancellationToken>._)).Throws(new InvalidOperationException("broken lookup"));

        for (var pass = 0; pass < Options.MaxAttempts; pass++)
        {
            await Dispatcher().DispatchDueAsync();
            time.Advance(Options.MaxRetryDelay);
        }

        var row = await Row();
        Assert.Equal((OutboxStatus.DeadLettered, Options.MaxAttempts), (row.Status, row.Attempts));
        Assert.Contains("broken lookup", row.LastError);
        Assert.StartsWith($"Gave up after {Options.MaxAttempts} attempts.", row.LastError, StringComparison.Ordinal);
        SenderNotCalled();
    }

    [Fact]
    public async Task A_send_cut_off_by_its_time_limit_is_confirmed_with_the_provider_before_it_is_sent_again()
    {
        await new TableNotificationLog(table, time).RecordAsync(notification);
        var hanging = new HangingSender();
        var first = Dispatcher(sender: hanging, id: "slow").DispatchDueAsync();
        await hanging.Started;
        time.Advance(Options.Lease); // past the send's share of the lease: the send is given up

        Assert.Equal(1, (await first).Retrying);
        var waiting = await Row();
        Assert.Equal((OutboxStatus.Pending, (DateTimeOffset?)time.GetUtcNow()), (waiting.Status, waiting.UnconfirmedAttemptEndedAt));

        Answer(DeliveryCheck.Accepted("The provider has it.", "provider-9"));
        time.Advance(Options.MaxRetryDelay);
        var counts = await Dispatcher().DispatchDueAsync();

        Assert.Equal(1, counts.Sent);
        SenderNotCalled();
        var row = await Row();
        Assert.Equal((OutboxStatus.Sent, "provider-9", (DateTimeOffset?)null), (row.Status, row.ProviderMessageId, row.UnconfirmedAttemptEndedAt));
    }

    [Fact]
    public async Task Rows_that_were_never_interrupted_are_sent_without_asking()
    {
        await new TableNotificationLog(table, time).RecordAsync(notification);

        var counts = await Dispatcher().DispatchDueAsync();

        Assert.Equal(1, counts.Sent);
        A.CallTo(() => confirmation.CheckAsync(A<string>._, A<CancellationToken>._)).MustNotHaveHappened();
    }

    /// <summary>Records the notification and lets a dispatcher claim its row and die; returns when the lease ends, now past.</summary>
    private async Task<DateTimeOffset> InterruptAnAttemptAsync()
    {
        await new TableNotificationLog(table, time).RecordAsync(notification);
        using var process = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Dispatcher(sender: new CrashAfterSendSender(new FixedResultSender(EmailSendResult.Sent()), process), id: "dies").DispatchDueAsync(process.Token));
        var leaseEnd = time.GetUtcNow() + Options.Lease;
        time.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        return leaseEnd;
    }

    private void Answer(DeliveryCheck check) =>
        A.CallTo(() => confirmation.CheckAsync(A<string>._, A<CancellationToken>._)).Returns(check);

    private void SenderNotCalled() =>
        A.CallTo(() => sender.SendAsync(A<EmailMessage>._, A<string>._, A<CancellationToken>._)).MustNotHaveHappened();

    private async Task<OutboxRow> Row() =>
        (await new TableOutboxStore(table).FindAsync(notification.CaseId, notification.Key, SampleNotifications.Adviser))!;

    private OutboxDispatcher Dispatcher(WhenUnconfirmed whenUnconfirmed = WhenUnconfirmed.Resend, IEmailSender? sender = null, string id = "survivor") => new(
        new TableOutboxStore(table),
        sender ?? this.sender,
        confirmation,
        TestRenderer.Create(),
        MsOptions.Create(Options with { DispatcherId = id, WhenUnconfirmed = whenUnconfirmed }),
        time,
        NullLogger<OutboxDispatcher>.Instance);
}
