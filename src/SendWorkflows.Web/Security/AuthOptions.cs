namespace SendWorkflows.Web.Security;

/// <summary>Settings under <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// <c>Local</c> (staff password and cookie), <c>EntraId</c> (Microsoft Entra ID sign-in by the app, section
    /// <c>AzureAd</c>) or <c>EasyAuth</c> (Entra ID sign-in by App Service authentication, section <c>Auth:EasyAuth</c>).
    /// </summary>
    public string Mode { get; set; } = "Local";

    /// <summary>Keys accepted in the <c>X-Api-Key</c> header of /api requests (comma-separated in one setting is allowed).</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The shared staff password for the local sign-in page.</summary>
    public string StaffPassword { get; set; } = string.Empty;

    /// <summary>The local sign-in's administrator password (restarting failed workflows); empty: no local administrator.</summary>
    public string AdminPassword { get; set; } = string.Empty;

    /// <summary>A session ends this long after sign-in however active it is (the 8 hours idle limit slides within it).</summary>
    public double AbsoluteSessionHours { get; set; } = 12;

    public bool UsesEntraId => string.Equals(Mode, "EntraId", StringComparison.OrdinalIgnoreCase);

    public bool UsesEasyAuth => string.Equals(Mode, "EasyAuth", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> ApiKeys =>
        ApiKey.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
