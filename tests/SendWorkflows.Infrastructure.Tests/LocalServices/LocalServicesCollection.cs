using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.LocalServices;

/// <summary>The shared Azurite and MailDev (TestSupport); tests in this collection run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LocalServicesCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>
{
    public const string Name = "Local services";
}
