using System.Security.Cryptography;
using System.Text;

namespace SendWorkflows.Web.Security;

/// <summary>
/// Compares a presented secret (password, API key) with a configured one in fixed time whatever their lengths:
/// both are hashed to SHA-256 first, so neither the length nor the first differing byte shows in the timing.
/// </summary>
public static class SecretDigest
{
    public static bool Matches(string presented, string configured) =>
        configured.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
