using Xunit;

namespace SendWorkflows.TestSupport;

/// <summary>
/// <see cref="Azurite"/> as an xunit collection fixture, shared by a test project's Azurite tests. Each test project
/// declares <c>[CollectionDefinition(AzuriteFixture.Collection)] class AzuriteCollection :
/// ICollectionFixture&lt;AzuriteFixture&gt;;</c> (xunit only finds collection definitions in the test assembly) and
/// marks its classes <c>[Collection(AzuriteFixture.Collection)]</c>.
/// </summary>
public sealed class AzuriteFixture : Azurite, IAsyncLifetime
{
    public const string Collection = "Azurite";

    public Task InitializeAsync() => StartProcessAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
