using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SendWorkflows.Host.Links;

/// <summary>Why a presented link token was not accepted, or that it was.</summary>
public enum LinkVerdict
{
    Valid,
    Malformed,
    Tampered,
    Expired,
}

public sealed record LinkVerification(LinkVerdict Verdict, ResponseLinkClaims? Claims)
{
    public bool IsValid => Verdict == LinkVerdict.Valid;
}

/// <summary>
/// Signs and verifies response-link tokens: <c>base64url(claims JSON) "." base64url(HMAC-SHA256(key, first part))</c>.
/// The signature covers every claim, so changing any of them (case, event, expiry) makes the token fail.
/// </summary>
public sealed class ResponseLinkSigner
{
    const int MinimumKeyLength = 32;
    readonly byte[] key;
    readonly TimeProvider clock;

    public ResponseLinkSigner(IOptions<ResponseLinkOptions> options, TimeProvider clock)
    {
        var signingKey = options.Value.SigningKey;
        if (string.IsNullOrWhiteSpace(signingKey) || signingKey.Length < MinimumKeyLength)
        {
            throw new InvalidOperationException(
                $"Links:SigningKey must be set to a secret of at least {MinimumKeyLength} characters.");
        }

        key = Encoding.UTF8.GetBytes(signingKey);
        this.clock = clock;
    }

    public string Sign(ResponseLinkClaims claims)
    {
        var payload = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(claims));
        return payload + "." + WebEncoders.Base64UrlEncode(Mac(payload));
    }

    public LinkVerification Verify(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 2 } || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return new(LinkVerdict.Malformed, null);
        }

        byte[] presented;
        try
        {
            presented = WebEncoders.Base64UrlDecode(parts[1]);
        }
        catch (FormatException)
        {
            return new(LinkVerdict.Malformed, null);
        }

        // Constant time: an attacker learns nothing from how long a wrong signature takes to refuse.
        if (!CryptographicOperations.FixedTimeEquals(presented, Mac(parts[0])))
        {
            return new(LinkVerdict.Tampered, null);
        }

        ResponseLinkClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize<ResponseLinkClaims>(WebEncoders.Base64UrlDecode(parts[0]));
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return new(LinkVerdict.Malformed, null);
        }

        if (claims is null)
        {
            return new(LinkVerdict.Malformed, null);
        }

        return clock.GetUtcNow() >= claims.ExpiresAt ? new(LinkVerdict.Expired, claims) : new(LinkVerdict.Valid, claims);
    }

    byte[] Mac(string payload) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload));
}
