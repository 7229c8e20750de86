using Azure.Data.Tables;
using SendWorkflows.Contract;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// The current contacts directory, kept whole in the <c>contacts</c> table (an import replaces it).
/// </summary>
public sealed class TableContactsDirectory(TableServiceClient service) : IContactsDirectoryStore
{
    public const string TableName = "contacts";
    const string Partition = "directory";
    const string Row = "current";
    readonly JsonEntityTable<ContactsDirectory> table = new(service, TableName);

    public async Task<ContactsDirectory> GetAsync(CancellationToken cancellationToken = default) =>
        await table.GetAsync(Partition, Row, cancellationToken)
        ?? throw new NoContactsDirectoryException();

    public async Task<bool> ExistsAsync(CancellationToken cancellationToken = default) =>
        await table.GetAsync(Partition, Row, cancellationToken) is not null;

    public Task SaveAsync(ContactsDirectory directory, CancellationToken cancellationToken = default) =>
        table.UpsertAsync(Partition, Row, directory, cancellationToken: cancellationToken);
}
