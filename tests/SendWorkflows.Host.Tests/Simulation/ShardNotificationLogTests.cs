using SendWorkflows.Domain;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

public sealed class ShardNotificationLogTests
{
    static Notification Sent(string key, string on, string caseId = "EHC-1") =>
        new(key, NotificationKind.ReviewUpcoming, caseId, DateOnly.Parse(on), ["a@school.example"], [], null, NotificationFacts.None);

    [Fact]
    public async Task The_first_record_of_a_key_wins_and_the_log_reads_in_the_contracts_order()
    {
        var log = new ShardNotificationLog();

        Assert.True(await log.RecordAsync(Sent("b", "2025-10-01")));
        Assert.True(await log.RecordAsync(Sent("c", "2025-09-15", caseId: "EHC-2")));
        Assert.True(await log.RecordAsync(Sent("a", "2025-10-01")));
        Assert.False(await log.RecordAsync(Sent("b", "2025-09-01")));

        Assert.Equal(["c", "a", "b"], log.All().Select(n => n.Key));
        Assert.Equal(new DateOnly(2025, 10, 1), log.All()[2].On);
        Assert.Equal(["a", "b"], await log.OnDatesAsync(new DateOnly(2025, 9, 16), new DateOnly(2025, 10, 2)).Select(n => n.Key).ToListAsync());
        Assert.Equal(["c"], await log.ForCaseAsync("EHC-2").Select(n => n.Key).ToListAsync());
    }
}
