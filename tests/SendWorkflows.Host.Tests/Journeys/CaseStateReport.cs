using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Runtime;

namespace SendWorkflows.Host.Tests.Journeys;

/// <summary>
/// What the engine and the outbox hold for one case, for a journey's timeout message: each of the case's instances
/// (status, wake, lease, pending inbox, activities, recent history), its outbox rows, and the wake hints naming its
/// instances. Read-only, and never throws: a report that fails says why instead of hiding the timeout.
/// </summary>
static class CaseStateReport
{
    const int RecentHistory = 12;
    const int MaxText = 160;

    public static async Task<string> DescribeAsync(IServiceProvider services, string hubName, string caseId)
    {
        var report = new StringBuilder($"What the engine and the outbox held for case {caseId} (case clock {Time(services.GetRequiredService<TimeProvider>().GetUtcNow())}):\n");
        await SectionAsync(report, "instances", () => InstancesAsync(report, services.GetRequiredService<IOrchestrationStore>(), caseId));
        await SectionAsync(report, "wake hints", () => WakeHintsAsync(report, services.GetRequiredService<TableServiceClient>(), hubName, caseId));
        await SectionAsync(report, "outbox", () => OutboxAsync(report, services.GetService<TableOutboxStore>(), caseId));
        return report.ToString();
    }

    static async Task SectionAsync(StringBuilder report, string name, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex)
        {
            report.Append(CultureInfo.InvariantCulture, $"  ({name} could not be read: {ex.GetType().Name}: {ex.Message})\n");
        }
    }

    static async Task InstancesAsync(StringBuilder report, IOrchestrationStore store, string caseId)
    {
        var found = 0;
        await foreach (var record in store.QueryInstancesAsync(new OrchestrationQuery(), CancellationToken.None))
        {
            if (!Names(record.InstanceId, caseId))
            {
                continue;
            }

            found++;
            report.Append(CultureInfo.InvariantCulture, $"  instance {record.InstanceId} ({record.Name} v{record.VersionOrOne}, generation {record.Generation}): {record.Status}, ");
            report.Append(CultureInfo.InvariantCulture, $"wake {Time(record.WakeAt)}, lease {record.LeaseOwner ?? "none"} until {Time(record.LeaseUntil)}, {record.HistoryCount} history events, updated {Time(record.LastUpdatedAt)}\n");
            var work = await store.LoadWorkAsync(record.InstanceId, includeHistory: true, CancellationToken.None);
            if (work is null)
            {
                report.Append("    (its partition is gone)\n");
                continue;
            }

            foreach (var message in work.Messages)
            {
                report.Append(CultureInfo.InvariantCulture, $"    inbox {message.Id} due {Time(message.DueAt)} generation {message.Generation?.ToString(CultureInfo.InvariantCulture) ?? "any"}: {Short(message.Event)}\n");
            }

            foreach (var activity in work.Activities)
            {
                report.Append(CultureInfo.InvariantCulture, $"    activity {activity.Id} {activity.Name} (generation {activity.Generation}, task {activity.TaskId})\n");
            }

            foreach (var outgoing in work.Outbox)
            {
                report.Append(CultureInfo.InvariantCulture, $"    engine outbox {outgoing.Id} to {outgoing.TargetInstanceId}\n");
            }

            var history = work.History ?? [];
            foreach (var entry in history.Skip(Math.Max(0, history.Count - RecentHistory)))
            {
                report.Append(CultureInfo.InvariantCulture, $"    history {Short(entry)}\n");
            }
        }

        if (found == 0)
        {
            report.Append("  no instance names the case\n");
        }
    }

    /// <summary>Hints are row keys "ticks|instance partition" (WakeHintTable); the case's ids need no escaping.</summary>
    static async Task WakeHintsAsync(StringBuilder report, TableServiceClient tables, string hubName, string caseId)
    {
        var found = 0;
        await foreach (var hint in tables.GetTableClient(hubName + "Wakes").QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {"wake"}"), select: ["RowKey", "Timestamp"]))
        {
            var separator = hint.RowKey.IndexOf('|', StringComparison.Ordinal);
            if (separator < 0 || !Names(hint.RowKey[(separator + 1)..], caseId))
            {
                continue;
            }

            found++;
            var wake = long.TryParse(hint.RowKey.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? Time(new DateTimeOffset(ticks, TimeSpan.Zero)) : "?";
            report.Append(CultureInfo.InvariantCulture, $"  wake hint {hint.RowKey[(separator + 1)..]} at {wake} (written {Time(hint.Timestamp)} real time)\n");
        }

        if (found == 0)
        {
            report.Append("  no wake hint names the case's instances\n");
        }
    }

    static async Task OutboxAsync(StringBuilder report, TableOutboxStore? outbox, string caseId)
    {
        if (outbox is null)
        {
            report.Append("  (this host has no e-mail outbox)\n");
            return;
        }

        var found = 0;
        await foreach (var row in outbox.ListAsync())
        {
            if (!string.Equals(row.CaseId, caseId, StringComparison.Ordinal))
            {
                continue;
            }

            found++;
            var error = row.LastError is { } last ? $", last error: {Cut(last)}" : "";
            report.Append(CultureInfo.InvariantCulture, $"  outbox {row.Id}: {row.Status}, {row.Attempts} attempts, next {Time(row.NextAttemptAt)}, sent {Time(row.SentAt)}{error}\n");
        }

        if (found == 0)
        {
            report.Append("  no outbox row for the case\n");
        }
    }

    /// <summary>Instance ids are "kind:case" or "kind:case:more" (assessment:J-A1:advice:ep).</summary>
    static bool Names(string instanceId, string caseId) =>
        instanceId.Split(':').Contains(caseId, StringComparer.Ordinal);

    static string Short(object value) => Cut(value.ToString() ?? "");

    static string Cut(string text) => text.Length <= MaxText ? text : text[..MaxText] + "...";

    static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "none";
}
