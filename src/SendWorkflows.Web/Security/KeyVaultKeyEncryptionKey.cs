using System.Collections.Concurrent;
using Azure.Security.KeyVault.Secrets;

namespace SendWorkflows.Web.Security;

/// <summary>
/// The key-encryption key that wraps the data-protection key ring in Azure: 32 random bytes, base64, kept as a Key
/// Vault secret (<c>DataProtection:KeyVaultSecretUri</c>) and read with the app's identity (ADR 0068). New keys are
/// wrapped under the secret's current version; each wrapped key names its version, so after the secret is rotated
/// the keys wrapped under older versions still open for as long as those versions stay enabled.
/// </summary>
public sealed class KeyVaultKeyEncryptionKey(SecretClient secrets, string secretName, string? pinnedVersion = null)
{
    public const int KeyBytes = 32;
    readonly ConcurrentDictionary<string, byte[]> byVersion = new(StringComparer.Ordinal);
    string? current;

    public string SecretName { get; } = secretName;

    /// <summary>The version new keys are wrapped under, and its key: the pinned version or the latest, read once per process.</summary>
    public (string Version, byte[] Key) Current()
    {
        if (current is null)
        {
            var secret = secrets.GetSecret(SecretName, pinnedVersion, CancellationToken.None).Value;
            var key = Decode(secret);
            byVersion.TryAdd(secret.Properties.Version, key);
            current = secret.Properties.Version;
        }

        return (current, byVersion[current]);
    }

    /// <summary>The key of one version of the secret, as named by a wrapped key.</summary>
    public byte[] ForVersion(string version) =>
        byVersion.GetOrAdd(version, v => Decode(secrets.GetSecret(SecretName, v, CancellationToken.None).Value));

    byte[] Decode(KeyVaultSecret secret)
    {
        // Name the secret, never its value.
        byte[] key;
        try
        {
            key = Convert.FromBase64String(secret.Value ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The Key Vault secret {SecretName} is not base64; it must hold {KeyBytes} random bytes in base64.");
        }

        return key.Length == KeyBytes
            ? key
            : throw new InvalidOperationException($"The Key Vault secret {SecretName} holds {key.Length} bytes; it must hold {KeyBytes} random bytes in base64.");
    }
}
