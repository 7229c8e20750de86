using SendWorkflows.TestSupport;

namespace SendWorkflows.Host.Tests.Support;

/// <summary>The shared Azurite (tables and queues) for the tests that need real Azure Storage behaviour.</summary>
[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
