using Azure.Data.Tables;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Web.Security;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Host.Tests.Hardening;

/// <summary>Issue 20: the keys behind the staff cookie live in the storage account, so another instance or a restart reads them.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class DataProtectionKeyTests(AzuriteFixture azurite)
{
    ServiceProvider Instance() => new ServiceCollection()
        .AddSingleton(new TableServiceClient(azurite.ConnectionString))
        .AddDataProtection().SetApplicationName("SendWorkflows").Services
        .AddOptions<KeyManagementOptions>().Configure<TableServiceClient>((keys, tables) => keys.XmlRepository = new TableXmlRepository(tables)).Services
        .BuildServiceProvider();

    [Fact]
    public void What_one_instance_protects_another_instance_on_the_same_storage_account_can_read()
    {
        string protectedText;
        using (var first = Instance())
        {
            protectedText = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("staff-cookie").Protect("session 42");
        }

        using var second = Instance();

        Assert.Equal("session 42", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("staff-cookie").Unprotect(protectedText));
        Assert.NotEmpty(new TableXmlRepository(new TableServiceClient(azurite.ConnectionString)).GetAllElements());
    }
}
