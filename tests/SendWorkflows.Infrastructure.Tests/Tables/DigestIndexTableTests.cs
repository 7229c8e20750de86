using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.Infrastructure.Tests.LocalServices;
using SendWorkflows.TestSupport;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Council;
using static SendWorkflows.Infrastructure.Tests.Tables.TableNotificationLogTests;

namespace SendWorkflows.Infrastructure.Tests.Tables;

/// <summary>
/// The weekly digest's indexes in Azure Table Storage (ADR 0115), against Azurite: each is written with the data,
/// moves when the data moves, survives a repeated write, and is what the digest's reads return.
/// </summary>
[Collection(LocalServicesCollection.Name)]
public sealed class DigestIndexTableTests(AzuriteFixture azurite)
{
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 17, 7, 0, 0, TimeSpan.Zero));

    static DateOnly D(string date) => DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_notifications_of_a_week_come_from_its_index_partition_by_date_then_key_and_a_retried_record_restores_a_lost_index_row()
    {
        var table = azurite.NewNotificationTable();
        var log = new TableNotificationLog(table, time);
        string[] to = [SampleNotifications.Manager];
        var dates = new[] { "2026-03-08", "2026-03-09", "2026-03-12", "2026-03-15", "2026-03-16" };
        foreach (var (date, i) in dates.Select((d, i) => (d, i)))
        {
            await log.RecordAsync(SampleNotifications.Make(NotificationKind.AdviceEscalation, D(date), to, [], null, NotificationFacts.None, $"EHC/{i}"));
        }

        var week = await ToListAsync(log.OnDatesAsync(D("2026-03-09"), D("2026-03-16")));
        Assert.Equal(["2026-03-09", "2026-03-12", "2026-03-15"], week.Select(n => n.On.ToString("yyyy-MM-dd")));
        var twoWeeks = await ToListAsync(log.OnDatesAsync(D("2026-03-08"), D("2026-03-17")));
        Assert.Equal(dates, twoWeeks.Select(n => n.On.ToString("yyyy-MM-dd")));
        Assert.Equal(5, (await ToListAsync(log.AllAsync())).Count);

        // A crash after the record's transaction, before its index row: the activity's retry finds the record there and adds the row.
        var lost = week[1];
        await table.Client.DeleteEntityAsync(NotificationTable.WeekPartitionFor(lost.On), "w:" + TableKeys.Escape(lost.Key));
        Assert.Equal(2, (await ToListAsync(log.OnDatesAsync(D("2026-03-09"), D("2026-03-16")))).Count);
        Assert.False(await log.RecordAsync(lost));
        Assert.Equal(week.Select(n => n.Key), (await ToListAsync(log.OnDatesAsync(D("2026-03-09"), D("2026-03-16")))).Select(n => n.Key));
    }

    [Fact]
    public async Task Notifications_recorded_before_the_week_index_are_copied_into_it_once_by_the_backfill()
    {
        var table = azurite.NewNotificationTable();
        var log = new TableNotificationLog(table, time);
        string[] to = [SampleNotifications.Manager];
        var old = new[] { "2026-01-12", "2026-02-20" }.Select((date, i) =>
            SampleNotifications.Make(NotificationKind.ReviewEscalation, D(date), to, [], null, NotificationFacts.None, $"EHC/old{i}")).ToList();
        foreach (var notification in old)
        {
            await log.RecordAsync(notification);
            // As recorded before the index existed: no week copy.
            await table.Client.DeleteEntityAsync(NotificationTable.WeekPartitionFor(notification.On), "w:" + TableKeys.Escape(notification.Key));
        }

        Assert.Empty(await ToListAsync(log.OnDatesAsync(D("2026-01-01"), D("2026-03-01"))));

        Assert.Equal(2, await log.BackfillWeekIndexAsync());
        Assert.Equal(old.Select(n => n.Key), (await ToListAsync(log.OnDatesAsync(D("2026-01-01"), D("2026-03-01")))).Select(n => n.Key));
        Assert.Equal(0, await log.BackfillWeekIndexAsync());
        Assert.Equal(2, (await ToListAsync(log.AllAsync())).Count);
    }

    [Fact]
    public async Task A_plan_moves_between_digest_buckets_as_it_is_written_and_leaves_the_index_when_no_digest_can_list_it()
    {
        var register = new TablePlanRegister(new TableServiceClient(azurite.ConnectionString));
        var id = "P/" + Guid.NewGuid().ToString("N");
        var plan = Plan(id, "awaiting meeting", target: "2031-04-10");

        await register.UpsertAsync(plan);
        Assert.False(await ListsAsync(register, id, "2031-03-31"));
        Assert.True(await ListsAsync(register, id, "2031-04-01"));

        await register.UpsertAsync(plan with { Entry = plan.Entry with { TargetMeetingOn = D("2031-06-02") } });
        Assert.False(await ListsAsync(register, id, "2031-05-31"));
        Assert.Equal(1, (await ToListAsync(register.ForWeeklyDigestAsync(D("2031-12-31")))).Count(p => p.PlanId == id));

        await register.UpsertAsync(plan with { Entry = plan.Entry with { Status = "escalated" } });
        Assert.True(await ListsAsync(register, id, "2000-01-01"));

        await register.UpsertAsync(plan with { Entry = plan.Entry with { Status = "decision made" } });
        await register.UpsertAsync(plan with { Entry = plan.Entry with { Status = "decision made" } });
        Assert.False(await ListsAsync(register, id, "2099-12-31"));
        Assert.Equal("decision made", (await register.FindAsync(id))!.Entry.Status);
    }

    [Fact]
    public async Task A_pages_visit_entries_come_back_by_plan_id_from_a_few_queries_of_many_keys()
    {
        var visits = new TableMonitoringVisitRegister(new TableServiceClient(azurite.ConnectionString));
        var run = Guid.NewGuid().ToString("N")[..8];
        // 40 plans with entries (ids that need escaping among them), 20 without; more keys than one query may name.
        var withEntries = Enumerable.Range(1, 40).Select(i => i % 5 == 0 ? $"EHC/{run}/{i}" : $"EHC-{run}-{i}").ToList();
        foreach (var (id, i) in withEntries.Select((id, i) => (id, i)))
        {
            await visits.UpsertAsync(new MonitoringVisitEntry(id, "QX", "Hillside House", SettingType.Residential, "cw@council.example.org", null, D("2032-05-20").AddDays(i), Ended: i % 7 == 0));
        }

        var asked = withEntries.Concat(Enumerable.Range(1, 20).Select(i => $"EHC-{run}-none-{i}")).Append(withEntries[0]).ToList();
        var found = await visits.FindManyAsync(asked);

        Assert.Equal(withEntries.Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        foreach (var id in withEntries)
        {
            Assert.Equal(await visits.FindAsync(id), found[id]);
        }

        Assert.Empty(await visits.FindManyAsync([]));

        // A list longer than a few queries' worth reads the register's rows once: the same answer.
        var many = asked.Concat(Enumerable.Range(1, 300).Select(i => $"EHC-{run}-many-{i}")).ToList();
        Assert.Equal(found.OrderBy(p => p.Key, StringComparer.Ordinal), (await visits.FindManyAsync(many)).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_monitored_placement_is_read_from_its_due_month_until_a_visit_moves_it_a_year_on_or_it_ends()
    {
        var visits = new TableMonitoringVisitRegister(new TableServiceClient(azurite.ConnectionString));
        var id = "P/" + Guid.NewGuid().ToString("N");
        var entry = new MonitoringVisitEntry(id, "QX", "Hillside House", SettingType.Residential, "cw@council.example.org", null, D("2032-05-20"));

        await visits.UpsertAsync(entry);
        Assert.Contains(await ToListAsync(visits.DueByAsync(D("2032-05-21"))), v => v.PlanId == id);
        Assert.DoesNotContain(await ToListAsync(visits.DueByAsync(D("2032-04-30"))), v => v.PlanId == id);

        await visits.UpsertAsync(entry with { LastVisitOn = D("2032-05-18"), VisitDueOn = D("2033-05-18") });
        Assert.DoesNotContain(await ToListAsync(visits.DueByAsync(D("2032-12-31"))), v => v.PlanId == id);
        Assert.Contains(await ToListAsync(visits.DueByAsync(D("2033-05-01"))), v => v.PlanId == id && v.LastVisitOn == D("2032-05-18"));

        await visits.UpsertAsync(entry with { Ended = true });
        Assert.DoesNotContain(await ToListAsync(visits.DueByAsync(D("2099-12-31"))), v => v.PlanId == id);
    }

    [Fact]
    public async Task An_assessment_is_listed_open_until_closed_and_a_repeated_open_after_the_close_does_not_bring_it_back()
    {
        var index = new TableOpenAssessments(new TableServiceClient(azurite.ConnectionString));
        var caseId = "A/" + Guid.NewGuid().ToString("N");
        var assessment = new RunningAssessment(caseId, "QX", D("2026-01-05"), "cw@council.example.org");

        await index.OpenAsync(assessment);
        await index.OpenAsync(assessment);
        Assert.Equal(assessment, Assert.Single(await ToListAsync(index.ListOpenAsync()), a => a.CaseId == caseId));

        await index.CloseAsync(caseId);
        await index.CloseAsync(caseId);
        await index.OpenAsync(assessment);
        Assert.DoesNotContain(await ToListAsync(index.ListOpenAsync()), a => a.CaseId == caseId);
    }

    [Fact]
    public async Task Rows_stored_before_the_index_existed_are_filed_once_by_the_backfill_and_running_assessments_opened()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var register = new TablePlanRegister(service);
        var id = "P/" + Guid.NewGuid().ToString("N");
        await register.UpsertAsync(Plan(id, "escalated", target: "2031-04-10"));
        // Make it a row from before the index: no bucket column, no copy.
        var table = service.GetTableClient(TablePlanRegister.TableName);
        var row = (await table.GetEntityAsync<TableEntity>("plan", TableKeys.Escape(id))).Value;
        row.Remove("DigestBucket");
        await table.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace);
        await table.DeleteEntityAsync("digest:" + DigestIndex.Always, TableKeys.Escape(id));
        await table.DeleteEntityAsync("meta", "digest-index-backfill");
        Assert.False(await ListsAsync(register, id, "2000-01-01"));

        Assert.True(await register.BackfillDigestIndexAsync() >= 1);
        Assert.True(await ListsAsync(register, id, "2000-01-01"));
        Assert.Equal(0, await register.BackfillDigestIndexAsync());

        var index = new TableOpenAssessments(service);
        var caseId = "A/" + Guid.NewGuid().ToString("N");
        await service.GetTableClient(TableOpenAssessments.TableName).CreateIfNotExistsAsync();
        await service.GetTableClient(TableOpenAssessments.TableName).DeleteEntityAsync("meta", "backfill");
        var running = new RunningAssessment(caseId, "QX", D("2026-01-05"), "cw@council.example.org");
        Assert.Equal(1, await index.BackfillAsync(() => Task.FromResult<IReadOnlyList<RunningAssessment>>([running])));
        Assert.Contains(await ToListAsync(index.ListOpenAsync()), a => a.CaseId == caseId);
        Assert.Equal(0, await index.BackfillAsync(() => throw new InvalidOperationException("the marker should stop a second backfill")));
    }

    static async Task<bool> ListsAsync(IPlanRegister register, string id, string until) =>
        (await ToListAsync(register.ForWeeklyDigestAsync(D(until)))).Any(p => p.PlanId == id);

    static RegisteredPlan Plan(string id, string status, string target) => new(
        new RegisterEntry(id, "QX", YearGroup.Year(6), "Oak Primary", SettingType.Mainstream, D("2030-06-01"),
            D("2031-06-01"), D(target), TransferKind.None, status, null, false),
        "senco@oak.example.org", "caseworker@council.example.org");
}
