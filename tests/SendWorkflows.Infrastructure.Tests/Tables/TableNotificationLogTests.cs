using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.Tables;

[Collection(LocalServicesCollection.Name)]
public sealed class TableNotificationLogTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 17, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Recording_the_same_notification_twice_keeps_one_record_and_one_outbox_row_per_recipient()
    {
        var table = azurite.NewNotificationTable();
        var log = new TableNotificationLog(table, time);
        var notification = SampleNotifications.For(NotificationKind.AdviceSeniorEscalation);

        Assert.True(await log.RecordAsync(notification));
        Assert.False(await log.RecordAsync(notification));

        Assert.Single(await ToListAsync(log.AllAsync()));
        var rows = await ToListAsync(new TableOutboxStore(table).ListAsync());
        Assert.Equal(
            [(SampleNotifications.Caseworker, RecipientRole.Cc), (SampleNotifications.SeniorLead, RecipientRole.To)],
            rows.Select(r => (r.Recipient, r.Role)).OrderBy(r => r.Recipient));
        Assert.All(rows, r => Assert.Equal((OutboxStatus.Pending, 0, time.GetUtcNow()), (r.Status, r.Attempts, r.NextAttemptAt)));
    }

    [Fact]
    public async Task An_address_in_both_to_and_cc_gets_one_row_as_to_whatever_its_case()
    {
        var table = azurite.NewNotificationTable();
        var notification = SampleNotifications.For(NotificationKind.ReviewMeetingNotScheduled) with
        {
            To = [SampleNotifications.Senco, "Caseworker.Smith@Example.org "],
            Cc = [SampleNotifications.Caseworker],
        };

        await new TableNotificationLog(table, time).RecordAsync(notification);

        var rows = await ToListAsync(new TableOutboxStore(table).ListAsync());
        Assert.Equal(
            [(SampleNotifications.Caseworker, RecipientRole.To), (SampleNotifications.Senco, RecipientRole.To)],
            rows.Select(r => (r.Recipient, r.Role)).OrderBy(r => r.Recipient));
    }

    [Fact]
    public async Task Notifications_come_back_as_recorded_for_their_case_only()
    {
        var table = azurite.NewNotificationTable();
        var log = new TableNotificationLog(table, time);
        var ours = SampleNotifications.EveryKind().ToList();
        var other = SampleNotifications.Make(NotificationKind.AdviceRequest, new DateOnly(2026, 1, 5), ["x@example.org"], [], null, NotificationFacts.None, "EHC/other#1?");
        foreach (var n in ours.Append(other))
        {
            Assert.True(await log.RecordAsync(n));
        }

        var forCase = await ToListAsync(log.ForCaseAsync(SampleNotifications.CaseId));
        var all = await ToListAsync(log.AllAsync());

        Assert.Equal(ours.Where(n => n.CaseId == SampleNotifications.CaseId).OrderBy(n => n.On).ThenBy(n => n.Key, StringComparer.Ordinal).Select(Json), forCase.Select(Json));
        Assert.Equal(ours.Count + 1, all.Count);
        Assert.Equal(Json(other), Json(Assert.Single(await ToListAsync(log.ForCaseAsync("EHC/other#1?")))));
    }

    [Fact]
    public async Task A_long_digest_is_stored_whole()
    {
        var table = azurite.NewNotificationTable();
        var log = new TableNotificationLog(table, time);
        var items = Enumerable.Range(1, 900).Select(i => new NotificationItem($"EHC-2026-{i:0000}", "A.B.", "Annual review meeting not scheduled", new DateOnly(2026, 3, 1), "Overdue")).ToList();
        var digest = SampleNotifications.Make(NotificationKind.WeeklyDigest, new DateOnly(2026, 3, 16), [SampleNotifications.AssistantDirector], [], null, new NotificationFacts { Items = items });
        Assert.True(JsonSerializer.Serialize(digest.Facts).Length > 64_000);

        await log.RecordAsync(digest);

        var stored = Assert.Single(await ToListAsync(log.AllAsync()));
        Assert.Equal(Json(digest), Json(stored));
    }

    [Fact]
    public async Task A_notification_without_recipients_is_refused_with_its_key()
    {
        var log = new TableNotificationLog(azurite.NewNotificationTable(), time);
        var notification = SampleNotifications.For(NotificationKind.AdviceRequest) with { To = [], Cc = [] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => log.RecordAsync(notification));

        Assert.Contains(notification.Key, error.Message);
        Assert.Contains("no recipients", error.Message);
    }

    [Fact]
    public async Task More_recipients_than_one_transaction_holds_are_refused_with_the_count()
    {
        var log = new TableNotificationLog(azurite.NewNotificationTable(), time);
        var notification = SampleNotifications.For(NotificationKind.TermlyReviewList) with
        {
            To = Enumerable.Range(1, 100).Select(i => $"senco{i}@example.org").ToArray(),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => log.RecordAsync(notification));

        Assert.Contains("100 recipients", error.Message);
        Assert.Empty(await ToListAsync(log.AllAsync()));
    }

    [Fact]
    public void Keys_escape_what_table_storage_forbids_and_stay_distinct()
    {
        Assert.Equal("EHC%2F1%23a%3Fb%5Cc%3Ad%25", TableKeys.Escape("EHC/1#a?b\\c:d%"));
        Assert.NotEqual(TableKeys.Escape("a/b"), TableKeys.Escape("a%2Fb"));
        Assert.Equal("plain-key_1", TableKeys.Escape("plain-key_1"));
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    private static string Json(Notification n) => JsonSerializer.Serialize(n);
}
