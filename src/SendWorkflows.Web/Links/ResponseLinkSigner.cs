using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SendWorkflows.Web.Links;

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
/// Signs and verifies response-link tokens: <c>kid "." base64url(claims JSON) "." base64url(HMAC-SHA256(key, kid "." claims part))</c>.
/// The signature covers every claim, so changing any of them (case, event, expiry) makes the token fail. The key id
/// <c>kid</c> (the first 8 hex digits of the key's SHA-256) names the key, so the signing key can be rotated: links
/// signed with a previous key (<see cref="ResponseLinkOptions.PreviousSigningKeys"/>) keep working until they expire.
/// Tokens from before key ids (<c>claims "." mac</c>) are verified against every configured key.
/// </summary>
public sealed class ResponseLinkSigner
{
    const int MinimumKeyLength = 32;
    readonly SigningKey current;
    readonly IReadOnlyList<SigningKey> accepted;
    readonly TimeProvider clock;

    public ResponseLinkSigner(IOptions<ResponseLinkOptions> options, TimeProvider clock)
    {
        var signingKey = options.Value.SigningKey;
        if (string.IsNullOrWhiteSpace(signingKey) || signingKey.Length < MinimumKeyLength)
        {
            throw new InvalidOperationException(
                $"Links:SigningKey must be set to a secret of at least {MinimumKeyLength} characters.");
        }

        if (options.Value.PreviousSigningKeys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length < MinimumKeyLength))
        {
            throw new InvalidOperationException(
                $"Each of Links:PreviousSigningKeys must be a secret of at least {MinimumKeyLength} characters.");
        }

        current = new SigningKey(signingKey);
        accepted = [current, .. options.Value.PreviousSigningKeys.Select(k => new SigningKey(k))];
        this.clock = clock;
    }

    /// <summary>The id of the key new links are signed with.</summary>
    public string CurrentKeyId => current.Id;

    public string Sign(ResponseLinkClaims claims)
    {
        var signed = current.Id + "." + WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(claims));
        return signed + "." + WebEncoders.Base64UrlEncode(current.Mac(signed));
    }

    public LinkVerification Verify(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not ({ Length: 2 } or { Length: 3 }) || parts.Any(p => p.Length == 0))
        {
            return new(LinkVerdict.Malformed, null);
        }

        byte[] presented;
        try
        {
            presented = WebEncoders.Base64UrlDecode(parts[^1]);
        }
        catch (FormatException)
        {
            return new(LinkVerdict.Malformed, null);
        }

        var signed = string.Join(".", parts[..^1]);
        var candidates = parts.Length == 3 ? accepted.Where(k => k.Id == parts[0]) : accepted;
        // Constant time: an attacker learns nothing from how long a wrong signature takes to refuse.
        if (!candidates.Any(k => CryptographicOperations.FixedTimeEquals(presented, k.Mac(signed))))
        {
            return new(LinkVerdict.Tampered, null);
        }

        ResponseLinkClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize<ResponseLinkClaims>(WebEncoders.Base64UrlDecode(parts[^2]));
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

    /// <summary>One accepted key and its id.</summary>
    sealed class SigningKey(string secret)
    {
        readonly byte[] key = Encoding.UTF8.GetBytes(secret);

        public string Id { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..8];

        public byte[] Mac(string signed) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed));
    }
}
