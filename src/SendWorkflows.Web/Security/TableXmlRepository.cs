using System.Xml.Linq;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace SendWorkflows.Web.Security;

/// <summary>
/// Keeps ASP.NET Core's data-protection keys (which protect the staff cookie and the antiforgery tokens) in a table of
/// the host's storage account, one row per key, instead of the home folder of whichever machine ran the host: every
/// instance shares them, a restart keeps sessions, and nothing sits in a user profile (docs/adr/0066).
/// </summary>
public sealed class TableXmlRepository(TableServiceClient service) : IXmlRepository
{
    public const string TableName = "dataprotectionkeys";
    const string Partition = "keys";
    readonly TableClient table = service.GetTableClient(TableName);
    readonly Lazy<Response<Azure.Data.Tables.Models.TableItem>> created = new(() => service.GetTableClient(TableName).CreateIfNotExists());

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        _ = created.Value;
        return [.. table.Query<TableEntity>(e => e.PartitionKey == Partition).Select(e => XElement.Parse(e.GetString("Xml")))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        _ = created.Value;
        table.UpsertEntity(new TableEntity(Partition, friendlyName) { ["Xml"] = element.ToString(SaveOptions.DisableFormatting) });
    }
}
