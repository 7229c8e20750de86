namespace SendWorkflows.Web.Hosting;

/// <summary>Settings under <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>AzureTables</c> (durable, the default) or <c>InMemory</c> (nothing survives a restart; tests and trials).</summary>
    public string Provider { get; set; } = "AzureTables";

    /// <summary>Azure Storage connection string (tables and queues); the default is Azurite on this machine.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Name of the task hub: the prefix of the runtime's tables.</summary>
    public string HubName { get; set; } = "sendworkflows";

    public bool InMemory => string.Equals(Provider, "InMemory", StringComparison.OrdinalIgnoreCase);
}
