using SendWorkflows.Contract;

namespace SendWorkflows.Workflows.InMemory;

/// <summary>A contacts directory loaded once (from the simulation's contacts file or a test).</summary>
public sealed class FixedContactsDirectorySource(ContactsDirectory directory) : IContactsDirectorySource
{
    public Task<ContactsDirectory> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(directory);

    public Task<bool> ExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);
}
