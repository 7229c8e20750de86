using SendWorkflows.Infrastructure.Tables;
using SendWorkflows.TestSupport;

namespace SendWorkflows.Infrastructure.Tests.LocalServices;

internal static class NotificationTables
{
    /// <summary>A fresh, empty notification table in the shared Azurite for one test.</summary>
    public static NotificationTable NewNotificationTable(this AzuriteFixture azurite) =>
        new(azurite.CreateTableServiceClient().GetTableClient(azurite.NewTableName()));
}
