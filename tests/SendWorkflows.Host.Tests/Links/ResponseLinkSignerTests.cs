using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using SendWorkflows.Web.Links;
using SendWorkflows.Host.Tests.Support;

namespace SendWorkflows.Host.Tests.Links;

public sealed class ResponseLinkSignerTests
{
    static readonly ResponseLinkClaims Claims = new("lid-1", "assessment-EHC-1|advice-ep|request", "EHC-1", "assessment-EHC-1",
        ResponseRequest.AdviceReceived, "ep", new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());

    [Fact]
    public void A_signed_token_verifies_with_its_claims()
    {
        var signer = TestLinks.Signer(TestLinks.Clock());

        var verification = signer.Verify(signer.Sign(Claims));

        Assert.Equal(LinkVerdict.Valid, verification.Verdict);
        Assert.Equal(Claims, verification.Claims);
    }

    [Fact]
    public void Changing_a_claim_without_the_key_is_detected()
    {
        var signer = TestLinks.Signer(TestLinks.Clock());
        var token = signer.Sign(Claims);
        var forged = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(Claims with { CaseId = "EHC-2" }));

        var verification = signer.Verify(forged + token[token.IndexOf('.', StringComparison.Ordinal)..]);

        Assert.Equal(LinkVerdict.Tampered, verification.Verdict);
        Assert.Null(verification.Claims);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused()
    {
        var token = TestLinks.Signer(TestLinks.Clock(), "another-signing-key-also-long-enough-987654321").Sign(Claims);

        Assert.Equal(LinkVerdict.Tampered, TestLinks.Signer(TestLinks.Clock()).Verify(token).Verdict);
    }

    [Fact]
    public void A_token_past_its_expiry_is_expired_but_still_names_its_case()
    {
        var clock = TestLinks.Clock();
        var signer = TestLinks.Signer(clock);
        var token = signer.Sign(Claims);
        clock.SetUtcNow(Claims.ExpiresAt);

        var verification = signer.Verify(token);

        Assert.Equal(LinkVerdict.Expired, verification.Verdict);
        Assert.Equal("EHC-1", verification.Claims!.CaseId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.b.c")]
    [InlineData("eyJ9.!!!")]
    public void Malformed_tokens_are_refused(string? token) =>
        Assert.Equal(LinkVerdict.Malformed, TestLinks.Signer(TestLinks.Clock()).Verify(token).Verdict);

    [Fact]
    public void A_correctly_signed_payload_that_is_not_claims_is_malformed()
    {
        var payload = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("not json"));
        var mac = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestHost.SigningKey), Encoding.ASCII.GetBytes(payload));

        var verdict = TestLinks.Signer(TestLinks.Clock()).Verify(payload + "." + WebEncoders.Base64UrlEncode(mac)).Verdict;

        Assert.Equal(LinkVerdict.Malformed, verdict);
    }

    [Theory]
    [InlineData("")]
    [InlineData("too-short")]
    public void A_missing_or_short_signing_key_stops_the_host_with_the_setting_named(string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestLinks.Signer(TestLinks.Clock(), key));

        Assert.Contains("Links:SigningKey", error.Message, StringComparison.Ordinal);
    }
}
