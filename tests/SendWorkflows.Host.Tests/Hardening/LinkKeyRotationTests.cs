using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Hardening;

/// <summary>Issue 20: the link key has an id, so rotating it leaves links already sent working until they expire.</summary>
public sealed class LinkKeyRotationTests
{
    const string OldKey = "the-signing-key-before-rotation-0123456789";
    const string NewKey = "the-signing-key-after-rotation-9876543210";

    static readonly ResponseLinkClaims Claims = new("lid-1", "assessment-EHC-1|advice-ep|request", "EHC-1", "assessment-EHC-1",
        ResponseRequest.AdviceReceived, "ep", new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());

    static ResponseLinkSigner Signer(string key, params string[] previous)
    {
        var options = new ResponseLinkOptions { SigningKey = key };
        foreach (var p in previous)
            options.PreviousSigningKeys.Add(p);
        return new ResponseLinkSigner(Options.Create(options), TestLinks.Clock());
    }

    [Fact]
    public void A_token_names_the_key_that_signed_it()
    {
        var signer = Signer(NewKey);

        var token = signer.Sign(Claims);

        Assert.Equal(3, token.Split('.').Length);
        Assert.StartsWith(signer.CurrentKeyId + ".", token, StringComparison.Ordinal);
        Assert.NotEqual(Signer(OldKey).CurrentKeyId, signer.CurrentKeyId);
    }

    [Fact]
    public void After_rotation_a_link_signed_with_the_previous_key_still_verifies()
    {
        var sentBefore = Signer(OldKey).Sign(Claims);

        Assert.Equal(LinkVerdict.Valid, Signer(NewKey, OldKey).Verify(sentBefore).Verdict);
        Assert.Equal(LinkVerdict.Tampered, Signer(NewKey).Verify(sentBefore).Verdict);
    }

    [Fact]
    public void A_link_from_before_key_ids_verifies_against_a_previous_key()
    {
        var payload = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(Claims));
        var legacy = payload + "." + WebEncoders.Base64UrlEncode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(OldKey), Encoding.ASCII.GetBytes(payload)));

        Assert.Equal(LinkVerdict.Valid, Signer(NewKey, OldKey).Verify(legacy).Verdict);
        Assert.Equal(LinkVerdict.Tampered, Signer(NewKey).Verify(legacy).Verdict);
    }

    [Fact]
    public void Swapping_the_key_id_does_not_make_a_token_verify()
    {
        var rotated = Signer(NewKey, OldKey);
        var token = rotated.Sign(Claims);

        var swapped = Signer(OldKey).CurrentKeyId + token[token.IndexOf('.', StringComparison.Ordinal)..];

        Assert.Equal(LinkVerdict.Tampered, rotated.Verify(swapped).Verdict);
    }

    [Fact]
    public void A_short_previous_key_stops_the_host_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Signer(NewKey, "short"));

        Assert.Contains("Links:PreviousSigningKeys", error.Message, StringComparison.Ordinal);
    }
}
