using Azure;
using Azure.Security.KeyVault.Secrets;
using FakeItEasy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendWorkflows.Web.Links;

namespace SendWorkflows.Functions.Tests.Web;

/// <summary>
/// In Azure the link-signing key is a Key Vault secret named by <c>Links:SigningKeySecretUri</c> (ADR 0082), read
/// through the app's one Key Vault client. Key Vault has no local emulator, so its client is faked as in the
/// data-protection tests; the signer and the app's composition are real.
/// </summary>
public sealed class LinkSigningKeyVaultTests
{
    const string SecretName = "LinkSigningKey";
    const string Retired = "link-signing-key-version-0-disabled-after-expiry";
    const string Previous = "link-signing-key-version-1-still-verifying-links";
    const string Newest = "link-signing-key-version-2-signing-new-links-now";

    static readonly ResponseLinkClaims Claims = new("lid-1", "assessment:FA-1|advice-ep|request", "FA-1", "assessment:FA-1:advice:ep",
        ResponseRequest.AdviceReceived, "ep", DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds());

    static SecretClient Vault()
    {
        var client = A.Fake<SecretClient>();
        var versions = new[] { ("v0", Retired, false), ("v1", Previous, true), ("v2", Newest, true) };
        foreach (var (version, value, _) in versions)
        {
            A.CallTo(() => client.GetSecret(SecretName, version, A<CancellationToken>._)).Returns(Secret(version, value));
        }

        A.CallTo(() => client.GetSecret(SecretName, null, A<CancellationToken>._)).Returns(Secret("v2", Newest));
        var properties = versions.Select(v =>
        {
            var p = Properties(v.Item1);
            p.Enabled = v.Item3;
            return p;
        }).ToList();
        A.CallTo(() => client.GetPropertiesOfSecretVersions(SecretName, A<CancellationToken>._))
            .Returns(Pageable<SecretProperties>.FromPages([Page<SecretProperties>.FromValues(properties, null, A.Fake<Response>())]));
        return client;
    }

    static SecretProperties Properties(string version) =>
        SecretModelFactory.SecretProperties(new Uri($"https://kv-sendwf.vault.azure.net/secrets/{SecretName}/{version}"),
            new Uri("https://kv-sendwf.vault.azure.net/"), SecretName, version);

    static Response<KeyVaultSecret> Secret(string version, string value) =>
        Response.FromValue(SecretModelFactory.KeyVaultSecret(Properties(version), value), A.Fake<Response>());

    static ResponseLinkSigner SignerWith(string key) =>
        new(Options.Create(new ResponseLinkOptions { SigningKey = key }), TimeProvider.System);

    [Fact]
    public void The_app_signs_with_the_newest_version_and_still_accepts_links_of_the_other_enabled_ones()
    {
        using var app = FunctionsApp.Build(
            ["--ConnectionStrings:Storage=UseDevelopmentStorage=true", "--Email:Provider=None",
             $"--{KeyVaultSigningKey.SecretUriSetting}=https://kv-sendwf.vault.azure.net/secrets/{SecretName}"],
            services => services.AddSingleton(Vault()));
        var signer = app.Services.GetRequiredService<ResponseLinkSigner>();

        Assert.Equal(SignerWith(Newest).CurrentKeyId, signer.CurrentKeyId);
        Assert.Equal(LinkVerdict.Valid, signer.Verify(signer.Sign(Claims)).Verdict);
        Assert.Equal(LinkVerdict.Valid, signer.Verify(SignerWith(Previous).Sign(Claims)).Verdict);
        Assert.Equal(LinkVerdict.Tampered, signer.Verify(SignerWith(Retired).Sign(Claims)).Verdict);
    }

    [Fact]
    public void A_setting_that_is_not_a_secret_uri_is_named_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionsApp.Build(
            ["--ConnectionStrings:Storage=UseDevelopmentStorage=true", "--Email:Provider=None",
             $"--{KeyVaultSigningKey.SecretUriSetting}=https://kv-sendwf.vault.azure.net/keys/{SecretName}"]));

        Assert.Contains(KeyVaultSigningKey.SecretUriSetting, error.Message, StringComparison.Ordinal);
    }
}
