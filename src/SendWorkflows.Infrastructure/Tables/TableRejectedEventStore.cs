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

    /// <summary>Longest raw text kept: the record is one JSON property, which Table storage caps at 32K characters.</summary>
    public const int MaxRawLength = 8_000;

    /// <summary>Longest id, case id, type or reason kept; an input longer than that is itself what is wrong with it.</summary>
    public const int MaxFieldLength = 512;

    public Task RecordAsync(RejectedEvent rejected, CancellationToken cancellationToken = default)
    {
        rejected = Bounded(rejected);
        var now = clock.GetUtcNow();
        var row = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        return table.TryAddAsync(Partition, row, rejected,
            new Dictionary<string, object?> { ["RecordedAt"] = now, ["Source"] = rejected.Source, ["EventId"] = rejected.EventId, ["CaseId"] = rejected.CaseId },
            cancellationToken);
    }

    /// <summary>
    /// A rejection small enough to store: an oversized input is kept shortened, saying how long it was, rather than
    /// failing the write (which would turn a bad input into a server error and lose it).
    /// </summary>
    static RejectedEvent Bounded(RejectedEvent rejected) => rejected with
    {
        Reason = Cut(rejected.Reason, MaxRawLength)!,
        EventId = Cut(rejected.EventId, MaxFieldLength),
        CaseId = Cut(rejected.CaseId, MaxFieldLength),
        Type = Cut(rejected.Type, MaxFieldLength),
        Raw = Cut(rejected.Raw, MaxRawLength),
    };

    static string? Cut(string? text, int max) =>
        text is null || text.Length <= max ? text : string.Create(CultureInfo.InvariantCulture, $"{text[..max]}... (shortened: {text.Length} characters)");

    public IAsyncEnumerable<RejectedEvent> AllAsync(CancellationToken cancellationToken = default) =>
        table.QueryAsync(Partition, cancellationToken);
}
