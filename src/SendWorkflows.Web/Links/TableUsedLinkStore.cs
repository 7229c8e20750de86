using Azure;
using Azure.Data.Tables;

namespace SendWorkflows.Web.Links;

/// <summary>Used link ids in the <c>usedlinks</c> table; an insert that conflicts means the link was already used.</summary>
public sealed class TableUsedLinkStore(TableServiceClient service) : IUsedLinkStore
{
    public const string TableName = "usedlinks";
    const string Partition = "link";
    readonly TableClient table = service.GetTableClient(TableName);
    bool created;

    public async Task<bool> IsUsedAsync(string linkId, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Partition, linkId, cancellationToken: cancellationToken);
        return entity.HasValue;
    }

    public async Task<bool> MarkUsedAsync(string linkId, DateTimeOffset usedAt, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, linkId) { ["UsedAt"] = usedAt }, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            created = true;
        }
    }
}
