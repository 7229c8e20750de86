using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace SendWorkflows.Web.Security;

/// <summary>
/// Wraps each data-protection key element with AES-256-GCM under the Key Vault key-encryption key before it is stored
/// (ADR 0068). The stored element names the secret and its version, and those are bound into the tag, so a changed
/// ciphertext, nonce, tag or version fails to open rather than yielding a different key.
/// </summary>
public sealed class KeyVaultXmlEncryptor(KeyVaultKeyEncryptionKey kek) : IXmlEncryptor
{
    internal const string ElementName = "keyVaultWrappedKey";
    internal const int NonceBytes = 12;
    internal const int TagBytes = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var (version, key) = kek.Current();
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using (var aes = new AesGcm(key, tag.Length))
            aes.Encrypt(nonce, plaintext, ciphertext, tag, KeyVaultXmlDecryptor.AssociatedData(kek.SecretName, version));

        var wrapped = new XElement(ElementName,
            new XAttribute("secret", kek.SecretName),
            new XAttribute("version", version),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("ciphertext", Convert.ToBase64String(ciphertext)),
            new XElement("tag", Convert.ToBase64String(tag)));
        return new EncryptedXmlInfo(wrapped, typeof(KeyVaultXmlDecryptor));
    }
}

/// <summary>
/// Opens what <see cref="KeyVaultXmlEncryptor"/> wrapped. Data protection creates decryptors by type name with the
/// service provider, so the key-encryption key comes from there.
/// </summary>
public sealed class KeyVaultXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var kek = services.GetService(typeof(KeyVaultKeyEncryptionKey)) as KeyVaultKeyEncryptionKey
            ?? throw new InvalidOperationException("A data-protection key is wrapped by Key Vault but DataProtection:KeyVaultSecretUri is not set.");
        var secret = (string?)encryptedElement.Attribute("secret");
        var version = (string?)encryptedElement.Attribute("version")
            ?? throw new CryptographicException("A wrapped data-protection key names no secret version.");
        if (!string.Equals(secret, kek.SecretName, StringComparison.Ordinal))
            throw new CryptographicException($"A data-protection key is wrapped under the Key Vault secret {secret}, not the configured {kek.SecretName}.");

        var nonce = Read(encryptedElement, "nonce");
        var ciphertext = Read(encryptedElement, "ciphertext");
        var tag = Read(encryptedElement, "tag");
        // The sizes are ours, never the stored element's: a shortened tag must fail, not weaken the check.
        if (nonce.Length != KeyVaultXmlEncryptor.NonceBytes || tag.Length != KeyVaultXmlEncryptor.TagBytes)
            throw new CryptographicException("The nonce or tag of a wrapped data-protection key has the wrong length.");

        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(kek.ForVersion(version), KeyVaultXmlEncryptor.TagBytes))
            aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(kek.SecretName, version));
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }

    internal static byte[] AssociatedData(string secretName, string version) =>
        Encoding.UTF8.GetBytes($"SendWorkflows data-protection key|{secretName}|{version}");

    static byte[] Read(XElement wrapped, string name)
    {
        try
        {
            return Convert.FromBase64String((string?)wrapped.Element(name) ?? throw new CryptographicException($"A wrapped data-protection key has no {name}."));
        }
        catch (FormatException)
        {
            throw new CryptographicException($"The {name} of a wrapped data-protection key is not base64.");
        }
    }
}
