using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Contract;
using SendWorkflows.Domain;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;

namespace SendWorkflows.Host.Tests.Intake;

/// <summary>The Table-backed stores against Azurite: what they keep comes back, and their idempotency holds.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class TableStoreTests(AzuriteFixture azurite)
{
    TableServiceClient Service() => new(azurite.ConnectionString);

    static RegisteredPlan Plan(string id, string status) => new(
        new RegisterEntry(id, "QX", YearGroup.Year(6), "Oak Primary", SettingType.Mainstream, new DateOnly(2025, 6, 1),
            new DateOnly(2026, 6, 1), new DateOnly(2025, 11, 20), TransferKind.School, status, null, false),
        "senco@oak.example.org", "caseworker@council.example.org");

    [Fact]
    public async Task The_register_keeps_one_entry_per_plan_with_year_groups_intact()
    {
        var register = new TablePlanRegister(Service());
        var id = "P/" + Guid.NewGuid().ToString("N");

        await register.UpsertAsync(Plan(id, "review upcoming"));
        await register.UpsertAsync(Plan(id, "meeting fixed"));
        var all = new List<RegisteredPlan>();
        await foreach (var plan in register.AllAsync())
        {
            all.Add(plan);
        }

        var stored = Assert.Single(all, p => p.PlanId == id);
        Assert.Equal(("meeting fixed", YearGroup.Year(6)), (stored.Entry.Status, stored.Entry.YearGroup));
    }

    [Fact]
    public async Task The_register_finds_one_plan_with_its_latest_setting_and_caseworker_and_nothing_for_an_unknown_plan()
    {
        var register = new TablePlanRegister(Service());
        var id = "P/" + Guid.NewGuid().ToString("N");
        var plan = Plan(id, "awaiting meeting");
        var moved = plan with
        {
            Entry = plan.Entry with { SettingName = "Birch Special", SettingType = SettingType.Special },
            SettingEmail = "senco@birch.example.org",
            CaseworkerEmail = "cw2@council.example.org",
        };

        await register.UpsertAsync(plan);
        await register.UpsertAsync(moved);

        Assert.Equal(moved, await register.FindAsync(id));
        Assert.Null(await register.FindAsync("P/" + Guid.NewGuid().ToString("N")));
    }

    [Fact]
    public async Task Processed_events_are_idempotent_and_form_the_case_timeline()
    {
        var store = new TableProcessedEventStore(Service());
        var caseId = "EHC-" + Guid.NewGuid().ToString("N")[..8];
        var processed = new ProcessedEvent("evt-1", caseId, "AssessmentRequested", new DateOnly(2026, 3, 2), "http", DateTimeOffset.UnixEpoch, "{}");

        Assert.True(await store.MarkProcessedAsync(processed));
        Assert.False(await store.MarkProcessedAsync(processed));
        Assert.True(await store.WasProcessedAsync(caseId, "evt-1"));
        Assert.False(await store.WasProcessedAsync(caseId, "evt-2"));
        var timeline = new List<ProcessedEvent>();
        await foreach (var item in store.ForCaseAsync(caseId))
        {
            timeline.Add(item);
        }

        Assert.Equal(processed, Assert.Single(timeline));
    }

    [Fact]
    public async Task Rejected_events_are_all_kept_newest_first()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var service = Service();
        await service.DeleteTableAsync(TableRejectedEventStore.TableName);
        var store = new TableRejectedEventStore(service, clock);

        await store.RecordAsync(new RejectedEvent("http", "first reason", "evt-1"));
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.RecordAsync(new RejectedEvent("queue", "second reason", "evt-1"));
        var all = new List<RejectedEvent>();
        await foreach (var item in store.AllAsync())
        {
            all.Add(item);
        }

        Assert.Equal(["second reason", "first reason"], all.Select(r => r.Reason));
    }

    [Fact]
    public async Task An_outcome_recorded_again_under_its_key_replaces_the_first()
    {
        var log = new TableOutcomeLog(Service());
        var key = "review|" + Guid.NewGuid().ToString("N");
        var limit = new LimitResult("meeting", new DateOnly(2026, 6, 1), null, LimitStatus.Pending);
        ReviewOutcome Review(ReviewDecisionKind? decision) => new("P-1", 1, new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 1), TransferKind.None,
            new DateOnly(2026, 5, 20), limit, null, decision, null, null, []);

        await log.RecordAsync(new RecordedOutcome(key, Review: Review(null)));
        await log.RecordAsync(new RecordedOutcome(key, Review: Review(ReviewDecisionKind.Amend)));
        var all = new List<RecordedOutcome>();
        await foreach (var item in log.AllAsync())
        {
            all.Add(item);
        }

        Assert.Equal(ReviewDecisionKind.Amend, Assert.Single(all, o => o.Key == key).Review!.Decision);
    }

    [Fact]
    public async Task The_contacts_directory_round_trips()
    {
        var store = new TableContactsDirectory(Service());
        var directory = new ContactsDirectory(
            new Dictionary<string, Contact> { ["ep"] = new("ep", ContactRole.EducationalPsychology, "ep@example.org", "m@example.org", null) },
            "sen@example.org", "ad@example.org");

        await store.SaveAsync(directory);
        var read = await store.GetAsync();

        Assert.Equal(ContactRole.EducationalPsychology, read.Contacts["ep"].Role);
        Assert.Equal("sen@example.org", read.SenManager);
    }

    [Fact]
    public async Task A_link_can_be_marked_used_once()
    {
        var store = new TableUsedLinkStore(Service());
        var linkId = Guid.NewGuid().ToString("N");

        Assert.False(await store.IsUsedAsync(linkId));
        Assert.True(await store.MarkUsedAsync(linkId, DateTimeOffset.UnixEpoch));
        Assert.False(await store.MarkUsedAsync(linkId, DateTimeOffset.UnixEpoch));
        Assert.True(await store.IsUsedAsync(linkId));
    }
}
