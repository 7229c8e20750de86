namespace SendWorkflows.Host.Hosting;

/// <summary>
/// Outside Development the host refuses to start with a secret anyone can read in this repository (run-local's
/// defaults, the documentation's examples), with one too short to resist guessing, or with the demo on (it loads a
/// fictional caseload and runs the case clock fast). Each problem names the setting, never its value.
/// </summary>
public static class StartupSecrets
{
    public const int MinimumPasswordLength = 12;
    public const int MinimumKeyLength = 32;

    /// <summary>Values published in run-local, docs/configuration.md, README.md and local.settings.sample.json.</summary>
    static readonly HashSet<string> Published = new(StringComparer.OrdinalIgnoreCase)
    {
        "local-api-key", "local-staff-password", "local-admin-password", "secret", "password", "changeme", "change-me",
    };

    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        var auth = configuration.GetSection(SendWorkflows.Web.Security.AuthOptions.Section).Get<SendWorkflows.Web.Security.AuthOptions>() ?? new SendWorkflows.Web.Security.AuthOptions();
        if (!auth.UsesEntraId && !auth.UsesEasyAuth)
        {
            Check(problems, "Auth:StaffPassword", auth.StaffPassword, MinimumPasswordLength, required: true);
            Check(problems, "Auth:AdminPassword", auth.AdminPassword, MinimumPasswordLength, required: false);
        }

        foreach (var key in auth.ApiKeys)
            Check(problems, "Auth:ApiKey", key, MinimumPasswordLength, required: false);
        var linkOptions = configuration.GetSection(SendWorkflows.Web.Links.ResponseLinkOptions.Section);
        // In Azure the key may come from Key Vault instead (Links:SigningKeySecretUri, ADR 0082).
        Check(problems, "Links:SigningKey", linkOptions["SigningKey"] ?? "", MinimumKeyLength, required: linkOptions["SigningKeySecretUri"] is not { Length: > 0 });
        foreach (var previous in linkOptions.GetSection("PreviousSigningKeys").GetChildren())
            Check(problems, "Links:PreviousSigningKeys", previous.Value ?? "", MinimumKeyLength, required: false);
        if (configuration.GetValue("Demo:Enabled", false))
            problems.Add("Demo:Enabled is true: the demo loads a fictional caseload and runs the case clock fast; it is for Development only");
        return problems;
    }

    /// <summary>Throws, naming every problem, when the host is not in Development and any is found.</summary>
    public static void Enforce(IHostEnvironment environment, IConfiguration configuration)
    {
        if (environment.IsDevelopment())
            return;
        if (Problems(configuration) is { Count: > 0 } problems)
            throw new InvalidOperationException(
                $"Refusing to start in {environment.EnvironmentName}: {string.Join("; ", problems)}. Set real secrets (docs/configuration.md), or run with DOTNET_ENVIRONMENT=Development.");
    }

    static void Check(List<string> problems, string setting, string value, int minimumLength, bool required)
    {
        if (value.Length == 0)
        {
            if (required)
                problems.Add($"{setting} is not set");
            return;
        }

        if (Published.Contains(value.Trim()) || value.Contains("REPLACE", StringComparison.OrdinalIgnoreCase))
            problems.Add($"{setting} is a published sample value");
        else if (value.Length < minimumLength)
            problems.Add($"{setting} is shorter than {minimumLength} characters");
        else if (value.Distinct().Count() < 6)
            problems.Add($"{setting} repeats too few different characters to resist guessing");
    }
}
