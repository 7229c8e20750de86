using System.Security.Cryptography;
using System.Text;

namespace SendWorkflows.Infrastructure.Email;

/// <summary>
/// The RFC 5322 Message-Id of an outbox row: the same row always gets the same id, so a copy re-sent after a crash
/// carries the id of the first and mail systems (and people) can tell it is a duplicate.
/// </summary>
public static class DeterministicMessageId
{
    /// <summary>The id without angle brackets, e.g. <c>sw.3f2a…@sendworkflows.local</c>.</summary>
    public static string For(string idempotencyKey, string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        // Hash rather than embed: the key may hold characters a Message-Id cannot, and need not be readable.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        return $"sw.{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@{domain}";
    }
}
