using Azure.Data.Tables;
using SendWorkflows.Domain;
using SendWorkflows.Infrastructure.Outbox;
using SendWorkflows.Infrastructure.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Runtime;

namespace SendWorkflows.Proof.Tests.Faults;

/// <summary>What the host left in Azure Storage: instances, recorded notifications, outbox rows, applied events, its case clock.</summary>
public sealed record StoredState(
    IReadOnlyList<InstanceRecord> Instances,
    IReadOnlyList<Notification> Notifications,
    IReadOnlyList<OutboxRow> Outbox,
    IReadOnlyList<ProcessedEvent> Processed,
    DateTimeOffset? CaseClock)
{
    /// <summary>
    /// When each instance first ran (its first episode's case-clock time): what its workflow took as "now" on
    /// starting, which under load can be well after it was created.
    /// </summary>
    public static async Task<Dictionary<string, DateTimeOffset>> FirstRunsAsync(TableServiceClient tables, string hub, IEnumerable<string> instanceIds)
    {
        var store = new AzureTableOrchestrationStore(tables, hub);
        var firstRuns = new Dictionary<string, DateTimeOffset>();
        foreach (var id in instanceIds)
        {
            var work = await store.LoadWorkAsync(id, includeHistory: true, CancellationToken.None);
            if (work?.History?.OfType<SendWorkflows.Runtime.OrchestratorStarted>().FirstOrDefault() is { } first)
            {
                firstRuns[id] = first.Timestamp;
            }
        }

        return firstRuns;
    }

    /// <summary>
    /// When each case event was taken in by a workflow (the case-clock time of the episode that consumed it), read
    /// from the instances' current histories. A host killed between raising an event and recording it as processed
    /// records it again, later, on restart; the workflow had it from the first raise.
    /// </summary>
    public static async Task<Dictionary<string, DateTimeOffset>> ConsumedAtAsync(TableServiceClient tables, string hub, IEnumerable<string> instanceIds)
    {
        var store = new AzureTableOrchestrationStore(tables, hub);
        var consumed = new Dictionary<string, DateTimeOffset>();
        foreach (var id in instanceIds)
        {
            var work = await store.LoadWorkAsync(id, includeHistory: true, CancellationToken.None);
            DateTimeOffset? episode = null;
            foreach (var item in work?.History ?? [])
            {
                if (item is SendWorkflows.Runtime.OrchestratorStarted started)
                {
                    episode = started.Timestamp;
                }
                else if (item is SendWorkflows.Runtime.EventRaised { Input: { } input } && episode is { } at && EventIdOf(input) is { } eventId)
                {
                    consumed.TryAdd(eventId, at);
                }
            }
        }

        return consumed;
    }

    static string? EventIdOf(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.NameEquals("id") || property.NameEquals("Id"))
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    public static async Task<StoredState> ReadAsync(TableServiceClient tables, string hub, IEnumerable<string> eventTypes)
    {
        var instances = new List<InstanceRecord>();
        await foreach (var instance in new AzureTableOrchestrationStore(tables, hub).QueryInstancesAsync(new OrchestrationQuery(), CancellationToken.None))
        {
            instances.Add(instance);
        }

        var table = new NotificationTable(tables.GetTableClient(new OutboxOptions().TableName));
        var notifications = new List<Notification>();
        await foreach (var notification in new TableNotificationLog(table, TimeProvider.System).AllAsync())
        {
            notifications.Add(notification);
        }

        var outbox = new List<OutboxRow>();
        await foreach (var row in new TableOutboxStore(table).ListAsync())
        {
            outbox.Add(row);
        }

        var processed = new List<ProcessedEvent>();
        var store = new TableProcessedEventStore(tables);
        foreach (var type in eventTypes.Distinct())
        {
            await foreach (var item in store.OfTypeAsync(type))
            {
                processed.Add(item);
            }
        }

        return new StoredState(instances, notifications, outbox, processed, await CaseClockAsync(tables));
    }

    /// <summary>Where the demo's case clock got to, as the host last saved it (table <c>demo</c>, every few seconds).</summary>
    public static async Task<DateTimeOffset?> CaseClockAsync(TableServiceClient tables)
    {
        try
        {
            var saved = await tables.GetTableClient("demo").GetEntityIfExistsAsync<TableEntity>("clock", "now");
            return saved.HasValue ? saved.Value!.GetDateTimeOffset("Now") : null;
        }
        catch (Azure.RequestFailedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Neither lost nor stuck: finished, or running with nothing due by <paramref name="endAt"/> (waiting on a later
    /// timer, or only on a case event, as a workflow waiting for a decision does) and no lease left by a dead process.
    /// </summary>
    public static bool IsSettled(InstanceRecord instance, DateTimeOffset endAt) =>
        instance.Status == OrchestrationRuntimeStatus.Completed
        || (instance.Status == OrchestrationRuntimeStatus.Running && !(instance.WakeAt <= endAt) && !(instance.LeaseUntil > endAt));
}
