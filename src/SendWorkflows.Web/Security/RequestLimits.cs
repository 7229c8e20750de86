using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SendWorkflows.Web.Pages;

namespace SendWorkflows.Web.Security;

/// <summary>
/// Per-address limits, through ASP.NET Core's rate limiter: wrong staff passwords (<see cref="SignInPolicy"/>) and
/// wrong API keys (every /api route) each block their address after <c>RateLimits:FailuresAllowed</c> failures in 15
/// minutes, for a minute and then twice as long each time, up to an hour; the anonymous pages (response links, survey,
/// sign-in page) allow <c>RateLimits:AnonymousPerMinute</c> requests a minute per address. A refused request gets 429
/// with Retry-After and is logged with its remote address. Counting runs on the wall clock (<see cref="WallClock"/>).
/// </summary>
public static class RequestLimits
{
    public const string SignInPolicy = "signin";
    public const string ApiPolicy = "api";
    public const string AnonymousPolicy = "anonymous";

    public sealed class Counters(AttemptBackoff signInFailures, AttemptBackoff apiKeyFailures, AttemptBackoff anonymousRequests)
    {
        public AttemptBackoff SignInFailures => signInFailures;
        public AttemptBackoff ApiKeyFailures => apiKeyFailures;
        public AttemptBackoff AnonymousRequests => anonymousRequests;
    }

    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var failures = configuration.GetValue("RateLimits:FailuresAllowed", 10);
        var anonymousPerMinute = configuration.GetValue("RateLimits:AnonymousPerMinute", 120);
        services.AddSingleton(sp =>
        {
            var clock = sp.GetRequiredKeyedService<TimeProvider>(WallClock.Key);
            return new Counters(
                new AttemptBackoff(clock, failures, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)),
                new AttemptBackoff(clock, failures, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)),
                new AttemptBackoff(clock, anonymousPerMinute + 1, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15)));
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignInPolicy, context => Partition(context, SignInPolicy, c => c.SignInFailures, countEveryRequest: false));
            limiter.AddPolicy(ApiPolicy, context => Partition(context, ApiPolicy, c => c.ApiKeyFailures, countEveryRequest: false));
            limiter.AddPolicy(AnonymousPolicy, context => Partition(context, AnonymousPolicy, c => c.AnonymousRequests, countEveryRequest: true));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLimits))
                    .LogWarning("Too many requests from {RemoteAddress} to {Path}; refused for {Seconds} s",
                        context.Connection.RemoteIpAddress, context.Request.Path.Value, Math.Ceiling(wait.TotalSeconds));
                await PlainPages.Write(context, StatusCodes.Status429TooManyRequests, "Too many attempts",
                    $"Too many attempts from your address. Please wait {Pages.Plural.Count(Math.Ceiling(wait.TotalMinutes), "minute", "minutes")} and try again.", cancellationToken);
            };
        });
        return services;
    }

    /// <summary>A wrong staff password from this request's address.</summary>
    public static void SignInFailed(HttpContext context) =>
        context.RequestServices.GetRequiredService<Counters>().SignInFailures.Record(Key(SignInPolicy, context));

    /// <summary>A wrong API key from this request's address.</summary>
    public static void ApiKeyFailed(HttpContext context) =>
        context.RequestServices.GetRequiredService<Counters>().ApiKeyFailures.Record(Key(ApiPolicy, context));

    static RateLimitPartition<string> Partition(HttpContext context, string policy, Func<Counters, AttemptBackoff> counter, bool countEveryRequest)
    {
        var key = Key(policy, context);
        var backoff = counter(context.RequestServices.GetRequiredService<Counters>());
        return RateLimitPartition.Get(key, _ => new BackoffGate(backoff, key, countEveryRequest));
    }

    static string Key(string policy, HttpContext context) => policy + "|" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>The rate limiter over one <see cref="AttemptBackoff"/> key: refuses while it is blocked.</summary>
    sealed class BackoffGate(AttemptBackoff backoff, string key, bool countEveryRequest) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            if (backoff.IsBlocked(key, out var retryAfter))
                return new Lease(false, retryAfter);
            if (countEveryRequest && permitCount > 0)
                backoff.Record(key);
            return new Lease(true, TimeSpan.Zero);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(AttemptAcquireCore(permitCount));
    }

    sealed class Lease(bool acquired, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => acquired ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = !acquired && metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}

/// <summary>The key of the wall-clock <see cref="TimeProvider"/>: sessions and request limits, never the case clock the demo accelerates.</summary>
public static class WallClock
{
    public const string Key = "wall-clock";
}
