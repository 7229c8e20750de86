using SendWorkflows.Contract;

namespace SendWorkflows.Workflows;

/// <summary>The current contacts directory (contract section 3). Activities and the dispatcher read it; orchestrators never do.</summary>
public interface IContactsDirectorySource
{
    Task<ContactsDirectory> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>False until a council has imported its first directory (a new host runs before that).</summary>
    Task<bool> ExistsAsync(CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IContactsDirectorySource.GetAsync"/> throws until a council has imported its first directory.</summary>
public sealed class NoContactsDirectoryException() : InvalidOperationException("No contacts directory has been imported yet.");
