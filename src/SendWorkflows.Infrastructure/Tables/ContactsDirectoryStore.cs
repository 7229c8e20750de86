using SendWorkflows.Contract;
using SendWorkflows.Workflows;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>The contacts directory as imported: read by the workflows, replaced whole by an import.</summary>
public interface IContactsDirectoryStore : IContactsDirectorySource
{
    Task SaveAsync(ContactsDirectory directory, CancellationToken cancellationToken = default);
}

public sealed class InMemoryContactsDirectoryStore : IContactsDirectoryStore
{
    ContactsDirectory? current;

    public Task<ContactsDirectory> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(current ?? throw new NoContactsDirectoryException());

    public Task<bool> ExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(current is not null);

    public Task SaveAsync(ContactsDirectory directory, CancellationToken cancellationToken = default)
    {
        current = directory;
        return Task.CompletedTask;
    }
}
