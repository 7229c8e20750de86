namespace SendWorkflows.Functions;

/// <summary>Where a setting of the app comes from.</summary>
public enum SettingSource
{
    /// <summary>infra/main.bicep sets it on the Function App; the app needs it in Azure.</summary>
    Bicep,

    /// <summary>Has a default in code; set it only to tune (every key under a name ending <c>:*</c>).</summary>
    Optional,

    /// <summary>Only for running locally (Azurite, MailDev); never set in Azure, where identities replace it.</summary>
    LocalOnly,

    /// <summary>Set by App Service itself or read by ASP.NET Core for its own purposes; never declared.</summary>
    Platform,
}

/// <summary>One setting, in configuration form (<c>Section:Key</c>; an app setting spells it <c>Section__Key</c>).</summary>
public sealed record AppSetting(string Name, SettingSource Source)
{
    /// <summary>The app-setting (environment variable) spelling.</summary>
    public string AppSettingName => Name.Replace(":", "__", StringComparison.Ordinal);

    public bool Covers(string key) => Name.EndsWith(":*", StringComparison.Ordinal)
        ? key.StartsWith(Name[..^1], StringComparison.OrdinalIgnoreCase)
        : string.Equals(Name, key, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Every setting the Functions app and its host read: the one list the Bicep's app settings are checked against
/// in both directions (tests/SendWorkflows.Functions.Tests/AppSettingsCatalogueTests, ADR 0087). A new setting goes
/// here first; code reads it by these names.
/// </summary>
public static class AppSettings
{
    public const string BlobServiceUri = "Storage:BlobServiceUri";
    public const string DurableTaskHubName = "DurableTaskHubName";
    public const string IdentityClientId = FunctionsShellServices.IdentityClientIdSetting;

    public static IReadOnlyList<AppSetting> All { get; } =
    [
        // The Functions host: its storage and Durable Task hub by identity, telemetry, the trigger schedules.
        new("AzureWebJobsStorage:accountName", SettingSource.Bicep),
        new("AzureWebJobsStorage:credential", SettingSource.Bicep),
        new(FunctionsShellServices.IdentityClientIdSetting, SettingSource.Bicep),
        new("AzureWebJobsStorage", SettingSource.LocalOnly),
        new("APPLICATIONINSIGHTS_CONNECTION_STRING", SettingSource.Bicep),
        new(DurableTaskHubName, SettingSource.Bicep),
        new("EternalWorkflowsSchedule", SettingSource.Bicep),
        new("EmailOutboxSchedule", SettingSource.Bicep),
        new("CaseEventsIntakeSchedule", SettingSource.Bicep),

        // Case events from Service Bus (ADR 0058).
        new(FunctionsShellServices.ServiceBusNamespaceSetting, SettingSource.Bicep),
        new("ServiceBusConnection:credential", SettingSource.Bicep),
        new(FunctionsShellServices.ServiceBusClientIdSetting, SettingSource.Bicep),
        new(FunctionsShellServices.ServiceBusQueueSetting, SettingSource.Optional),

        // The workflows' Tables and the import's blobs, by identity; a connection string locally.
        new(FunctionsShellServices.TableServiceUriSetting, SettingSource.Bicep),
        new(BlobServiceUri, SettingSource.Bicep),
        new("ConnectionStrings:Storage", SettingSource.LocalOnly),

        // E-mail (docs/email): SendGrid in Azure, its key a Key Vault reference.
        new("Email:Provider", SettingSource.Bicep),
        new("Email:FromAddress", SettingSource.Bicep),
        new("Email:ContactAddress", SettingSource.Bicep),
        new("Email:CouncilName", SettingSource.Bicep),
        new("Email:SendGrid:ApiKey", SettingSource.Bicep),
        new("Email:FromName", SettingSource.Optional),
        new("Email:ContactName", SettingSource.Optional),
        new("Email:SendiassName", SettingSource.Optional),
        new("Email:SendiassContact", SettingSource.Optional),
        new("Email:SendGrid:*", SettingSource.Optional),
        new("Email:Outbox:*", SettingSource.Optional),
        new("Email:Notify:*", SettingSource.Optional),
        new("Email:Smtp:*", SettingSource.LocalOnly),

        // The web features (ADR 0080-0082): staff sign-in by App Service authentication, the API key, response links,
        // the data-protection keys' wrapping key; every secret is in Key Vault.
        new("Auth:Mode", SettingSource.Bicep),
        new("Auth:EasyAuth:TenantId", SettingSource.Bicep),
        new("Auth:EasyAuth:ClientId", SettingSource.Bicep),
        new("Auth:ApiKey", SettingSource.Bicep),
        new("Auth:StaffPassword", SettingSource.LocalOnly),
        new("Auth:AdminPassword", SettingSource.LocalOnly),
        new("Auth:*", SettingSource.Optional),
        new("Links:BaseUrl", SettingSource.Bicep),
        new("Links:SigningKeySecretUri", SettingSource.Bicep),
        new("Links:SigningKey", SettingSource.LocalOnly),
        new("Links:*", SettingSource.Optional),
        new("DataProtection:KeyVaultSecretUri", SettingSource.Bicep),
        new("DataProtection:ManagedIdentityClientId", SettingSource.Bicep),
        new("RateLimits:*", SettingSource.Optional),
        new("Hosting:*", SettingSource.Optional),
        // The web library's storage options, serve's: this app's stores take the Table client above instead.
        new("Storage:*", SettingSource.Optional),
        new("WEBSITE_AUTH_ENABLED", SettingSource.Platform),
        new("environment", SettingSource.Platform),
        new("ReadOnlyDataProtectionKeyDirectory", SettingSource.Platform),
    ];

    /// <summary>What Bicep must set, in app-setting spelling.</summary>
    public static IEnumerable<string> DeclaredInBicep => All.Where(s => s.Source == SettingSource.Bicep).Select(s => s.AppSettingName);
}
