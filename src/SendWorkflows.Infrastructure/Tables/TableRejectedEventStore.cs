using System.Globalization;
using Azure.Data.Tables;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// <see cref="IRejectedEventStore"/> in the <c>rejectedevents</c> table. Row keys count down in time, so the
/// newest rejection reads first; nothing is ever overwritten.
/// </summary>
public sealed class TableRejectedEventStore(TableServiceClient service, TimeProvider clock) : IRejectedEventStore
{
    public const string TableName = "rejectedevents";
    const string Partition = "rejected";
    readonly JsonEntityTable<RejectedEvent> table = new(service, TableName);

    public Task RecordAsync(RejectedEvent rejected, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var row = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        return table.TryAddAsync(Partition, row, rejected,
            new Dictionary<string, object?> { ["RecordedAt"] = now, ["Source"] = rejected.Source, ["EventId"] = rejected.EventId, ["CaseId"] = rejected.CaseId },
            cancellationToken);
    }

    public IAsyncEnumerable<RejectedEvent> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);
}
