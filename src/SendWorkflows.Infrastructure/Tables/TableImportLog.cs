using System.Globalization;
using Azure.Data.Tables;
using SendWorkflows.Infrastructure.Intake;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary><see cref="IImportLog"/> in the <c>imports</c> table; row keys count down in time, so the newest reads first.</summary>
public sealed class TableImportLog(TableServiceClient service) : IImportLog
{
    public const string TableName = "imports";
    const string Partition = "imports";
    readonly JsonEntityTable<ImportRecord> table = new(service, TableName);

    public Task RecordAsync(ImportRecord record, CancellationToken cancellationToken = default)
    {
        var row = (DateTimeOffset.MaxValue.UtcTicks - record.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + record.Sha256[..16];
        return table.UpsertAsync(Partition, row, record,
            new Dictionary<string, object?> { ["File"] = record.File, ["Channel"] = record.Channel, ["What"] = record.Report.What },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ImportRecord>> LatestAsync(int count, CancellationToken cancellationToken = default)
    {
        var latest = new List<ImportRecord>(count);
        await foreach (var record in table.QueryAsync(Partition, cancellationToken))
        {
            if (latest.Count == count)
            {
                break;
            }

            latest.Add(record);
        }

        return latest;
    }
}
