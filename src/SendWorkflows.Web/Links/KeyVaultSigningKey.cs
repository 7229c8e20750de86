using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Options;
using SendWorkflows.Web.Hosting;

namespace SendWorkflows.Web.Links;

/// <summary>
/// In Azure the link-signing key is a Key Vault secret named by <c>Links:SigningKeySecretUri</c> (ADR 0082), read
/// with the app's identity through the same client as the data-protection key-encryption key (ADR 0068). The
/// secret's newest enabled version (or the version the URI names) signs new links; its other enabled versions still
/// verify links already sent. Rotating is adding a version; disable an old one once its links have expired.
/// </summary>
public static class KeyVaultSigningKey
{
    public const string SecretUriSetting = "Links:SigningKeySecretUri";

    public static IServiceCollection AddLinkSigningKeyFromKeyVault(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[SecretUriSetting] is not { Length: > 0 } uri)
        {
            return services;
        }

        var secret = HostSecurity.KeyVaultSecret(SecretUriSetting, uri);
        services.AddKeyVaultSecretClient(configuration, secret.VaultUri);
        services.AddSingleton<IConfigureOptions<ResponseLinkOptions>>(sp => new ConfigureOptions<ResponseLinkOptions>(
            options => Apply(options, sp.GetRequiredService<SecretClient>(), secret.Name, secret.Version)));
        return services;
    }

    /// <summary>Sets the signing key from the vault and adds its other enabled versions to the previous keys.</summary>
    public static void Apply(ResponseLinkOptions options, SecretClient vault, string name, string? version)
    {
        var current = vault.GetSecret(name, string.IsNullOrEmpty(version) ? null : version, CancellationToken.None).Value;
        options.SigningKey = current.Value;
        foreach (var other in vault.GetPropertiesOfSecretVersions(name, CancellationToken.None))
        {
            if (other.Enabled == true && other.Version != current.Properties.Version)
            {
                options.PreviousSigningKeys.Add(vault.GetSecret(name, other.Version, CancellationToken.None).Value.Value);
            }
        }
    }
}
