namespace SendWorkflows.Host.Security;

/// <summary>Settings under <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary><c>Local</c> (staff password and cookie) or <c>EntraId</c> (Microsoft Entra ID sign-in, section <c>AzureAd</c>).</summary>
    public string Mode { get; set; } = "Local";

    /// <summary>Keys accepted in the <c>X-Api-Key</c> header of /api requests (comma-separated in one setting is allowed).</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The shared staff password for the local sign-in page.</summary>
    public string StaffPassword { get; set; } = string.Empty;

    public bool UsesEntraId => string.Equals(Mode, "EntraId", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> ApiKeys =>
        ApiKey.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
