using System.Security.Cryptography;
using System.Xml.Linq;
using Azure;
using Azure.Security.KeyVault.Secrets;
using FakeItEasy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendWorkflows.Host.Hosting;
using SendWorkflows.Web.Security;

namespace SendWorkflows.Host.Tests.Hardening;

/// <summary>Issue 20: in Azure the data-protection keys are stored wrapped under a key-encryption key kept in Key Vault (ADR 0068).</summary>
public sealed class KeyVaultKeyWrappingTests
{
    const string SecretName = "dataprotection-kek";
    static readonly string FirstKek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    static readonly string SecondKek = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A fake Key Vault holding the given versions; a request without a version gets the last one.</summary>
    static SecretClient Vault(params (string Version, string Value)[] versions)
    {
        var client = A.Fake<SecretClient>();
        foreach (var (version, value) in versions)
        {
            A.CallTo(() => client.GetSecret(SecretName, version, A<CancellationToken>._)).Returns(Secret(version, value));
        }

        var (latest, latestValue) = versions[^1];
        A.CallTo(() => client.GetSecret(SecretName, null, A<CancellationToken>._)).Returns(Secret(latest, latestValue));
        return client;
    }

    static Response<KeyVaultSecret> Secret(string version, string value) =>
        Response.FromValue(SecretModelFactory.KeyVaultSecret(
            SecretModelFactory.SecretProperties(new Uri($"https://kv.vault.azure.net/secrets/{SecretName}/{version}"), new Uri("https://kv.vault.azure.net/"), SecretName, version),
            value), A.Fake<Response>());

    static IServiceProvider Services(SecretClient vault) =>
        new ServiceCollection().AddSingleton(new KeyVaultKeyEncryptionKey(vault, SecretName)).BuildServiceProvider();

    static readonly XElement DataProtectionKey = new("key", new XAttribute("id", "k1"), new XElement("masterKey", "c2VjcmV0LWtleS1tYXRlcmlhbA=="));

    static XElement Wrap(SecretClient vault) =>
        new KeyVaultXmlEncryptor(new KeyVaultKeyEncryptionKey(vault, SecretName)).Encrypt(DataProtectionKey).EncryptedElement;

    [Fact]
    public void A_wrapped_key_opens_to_the_same_element_and_does_not_carry_it_in_clear()
    {
        var vault = Vault(("v1", FirstKek));

        var wrapped = Wrap(vault);

        Assert.DoesNotContain("masterKey", wrapped.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleS1tYXRlcmlhbA==", wrapped.ToString(), StringComparison.Ordinal);
        Assert.Equal("v1", (string?)wrapped.Attribute("version"));
        Assert.True(XNode.DeepEquals(DataProtectionKey, new KeyVaultXmlDecryptor(Services(vault)).Decrypt(wrapped)));
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("nonce")]
    [InlineData("tag")]
    public void A_changed_byte_in_a_wrapped_key_fails_to_open(string part)
    {
        var vault = Vault(("v1", FirstKek));
        var wrapped = Wrap(vault);
        var bytes = Convert.FromBase64String(wrapped.Element(part)!.Value);
        bytes[0] ^= 1;
        wrapped.Element(part)!.Value = Convert.ToBase64String(bytes);

        Assert.ThrowsAny<CryptographicException>(() => new KeyVaultXmlDecryptor(Services(vault)).Decrypt(wrapped));
    }

    [Fact]
    public void A_shortened_tag_fails_to_open()
    {
        var vault = Vault(("v1", FirstKek));
        var wrapped = Wrap(vault);
        wrapped.Element("tag")!.Value = Convert.ToBase64String(Convert.FromBase64String(wrapped.Element("tag")!.Value)[..12]);

        Assert.ThrowsAny<CryptographicException>(() => new KeyVaultXmlDecryptor(Services(vault)).Decrypt(wrapped));
    }

    [Fact]
    public void A_key_wrapped_under_another_key_encryption_key_fails_to_open()
    {
        var wrapped = Wrap(Vault(("v1", FirstKek)));

        Assert.ThrowsAny<CryptographicException>(() => new KeyVaultXmlDecryptor(Services(Vault(("v1", SecondKek)))).Decrypt(wrapped));
    }

    [Fact]
    public void A_key_wrapped_under_an_older_version_still_opens_after_the_secret_is_rotated()
    {
        var wrapped = Wrap(Vault(("v1", FirstKek)));
        var rotated = Vault(("v1", FirstKek), ("v2", SecondKek));

        Assert.True(XNode.DeepEquals(DataProtectionKey, new KeyVaultXmlDecryptor(Services(rotated)).Decrypt(wrapped)));
        Assert.Equal("v2", (string?)Wrap(rotated).Attribute("version"));
    }

    [Fact]
    public void A_secret_that_is_not_32_bytes_of_base64_is_refused_naming_the_secret_not_its_value()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Wrap(Vault(("v1", "not-a-key"))));

        Assert.Contains(SecretName, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_protection_stores_only_wrapped_keys_and_another_instance_with_the_vault_reads_what_the_first_protected()
    {
        var vault = Vault(("v1", FirstKek));
        var repository = new ListXmlRepository();
        ServiceProvider Instance() => new ServiceCollection()
            .AddSingleton(new KeyVaultKeyEncryptionKey(vault, SecretName))
            .AddDataProtection().SetApplicationName("SendWorkflows").Services
            .AddOptions<KeyManagementOptions>().Configure<KeyVaultKeyEncryptionKey>((keys, kek) =>
            {
                keys.XmlRepository = repository;
                keys.XmlEncryptor = new KeyVaultXmlEncryptor(kek);
            }).Services
            .BuildServiceProvider();

        string protectedText;
        using (var first = Instance())
            protectedText = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("staff-cookie").Protect("session 42");
        using var second = Instance();

        Assert.Equal("session 42", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("staff-cookie").Unprotect(protectedText));
        var stored = Assert.Single(repository.GetAllElements()).ToString();
        Assert.Contains(KeyVaultXmlEncryptor.ElementName, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_wraps_keys_under_key_vault_when_the_secret_uri_is_set_and_not_otherwise()
    {
        await using var azure = SendWorkflowsApp.Build(["--Storage:Provider=InMemory", "--DataProtection:KeyVaultSecretUri=https://kv.vault.azure.net/secrets/dataprotection-kek"]);
        await using var local = SendWorkflowsApp.Build(["--Storage:Provider=InMemory"]);

        var wrapping = azure.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;
        Assert.IsType<KeyVaultXmlEncryptor>(wrapping.XmlEncryptor);
        Assert.Equal(SecretName, azure.Services.GetRequiredService<KeyVaultKeyEncryptionKey>().SecretName);
        Assert.Equal(new Uri("https://kv.vault.azure.net/"), azure.Services.GetRequiredService<SecretClient>().VaultUri);
        Assert.Null(local.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor);
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("https://kv.vault.azure.net/keys/dataprotection-kek")]
    public void A_secret_uri_that_names_no_key_vault_secret_stops_the_host_naming_the_setting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SendWorkflowsApp.Build(["--Storage:Provider=InMemory", $"--DataProtection:KeyVaultSecretUri={value}"]));

        Assert.Contains("DataProtection:KeyVaultSecretUri", error.Message, StringComparison.Ordinal);
    }

    sealed class ListXmlRepository : IXmlRepository
    {
        readonly List<XElement> elements = [];

        public IReadOnlyCollection<XElement> GetAllElements() => [.. elements];

        public void StoreElement(XElement element, string friendlyName) => elements.Add(element);
    }
}
