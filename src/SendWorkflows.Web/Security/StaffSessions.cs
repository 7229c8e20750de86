using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using SendWorkflows.Web.Links;

namespace SendWorkflows.Web.Security;

/// <summary>
/// Local staff sessions that can be revoked: each cookie carries a session id, the time it was signed in and a stamp
/// of the passwords it was signed in with, checked on every request. Signing out records the session id as ended
/// (in the used-link store, so it holds across restarts and instances); changing a password changes the stamp and so
/// ends every session; and no session outlives <see cref="AuthOptions.AbsoluteSessionHours"/> however active it is.
/// Sessions keep to the wall clock (<see cref="WallClock"/>), never the case clock the demo accelerates.
/// </summary>
public sealed class StaffSessions(
    IOptionsMonitor<AuthOptions> options, IUsedLinkStore ended, [FromKeyedServices(WallClock.Key)] TimeProvider clock)
{
    public const string AdminRole = "admin";
    public const string StaffRole = "staff";
    const string SessionIdClaim = "sendworkflows:sid";
    const string SignedInAtClaim = "sendworkflows:signed-in";
    const string StampClaim = "sendworkflows:stamp";

    /// <summary>The principal of a new session: staff, or staff and administrator.</summary>
    public ClaimsPrincipal NewSession(bool admin)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, admin ? "admin" : "staff"),
            new(ClaimTypes.Role, StaffRole),
            new(SessionIdClaim, Guid.NewGuid().ToString("N")),
            new(SignedInAtClaim, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new(StampClaim, Stamp()),
        ];
        if (admin)
            claims.Add(new(ClaimTypes.Role, AdminRole));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    /// <summary>Why the session is no longer valid, or null while it is.</summary>
    public async Task<string?> ProblemAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var sessionId = principal.FindFirstValue(SessionIdClaim);
        if (sessionId is null || principal.FindFirstValue(StampClaim) is not { } stamp
            || !long.TryParse(principal.FindFirstValue(SignedInAtClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var signedIn))
            return "the session was not issued by this version";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stamp), Encoding.ASCII.GetBytes(Stamp())))
            return "a password changed since sign-in";
        if (clock.GetUtcNow() > DateTimeOffset.FromUnixTimeSeconds(signedIn).AddHours(options.CurrentValue.AbsoluteSessionHours))
            return "the session reached its absolute lifetime";
        if (await ended.IsUsedAsync(SessionKey(sessionId), cancellationToken))
            return "the session was signed out";
        return null;
    }

    /// <summary>Ends the session for good, whoever holds a copy of its cookie.</summary>
    public Task EndAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default) =>
        principal.FindFirstValue(SessionIdClaim) is { } sessionId
            ? ended.MarkUsedAsync(SessionKey(sessionId), clock.GetUtcNow(), cancellationToken)
            : Task.CompletedTask;

    /// <summary>The cookie's check on every request.</summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null || await ProblemAsync(context.Principal, context.HttpContext.RequestAborted) is not { } problem)
            return;

        context.HttpContext.RequestServices.GetRequiredService<ILogger<StaffSessions>>()
            .LogInformation("Staff session refused for {RemoteAddress}: {Reason}", context.HttpContext.Connection.RemoteIpAddress, problem);
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    static string SessionKey(string sessionId) => "staff-session:" + sessionId;

    /// <summary>A digest of the configured passwords: it changes when either does, and shows nothing of them.</summary>
    string Stamp() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        "sendworkflows-session-stamp\n" + options.CurrentValue.StaffPassword + "\n" + options.CurrentValue.AdminPassword)));
}
