using System.Collections.Concurrent;

namespace SendWorkflows.Web.Security;

/// <summary>
/// Counts attempts per key (policy and remote address) in a window; from the <see cref="Limit"/>th on, the key is
/// blocked, for <see cref="FirstBlock"/> and then twice as long at each further attempt while blocked or soon after,
/// up to <see cref="LongestBlock"/>. Runs on the clock it is given, so tests move time instead of sleeping.
/// </summary>
public sealed class AttemptBackoff(TimeProvider clock, int limit, TimeSpan window, TimeSpan firstBlock, TimeSpan longestBlock)
{
    readonly ConcurrentDictionary<string, State> states = new(StringComparer.Ordinal);

    public int Limit => limit;
    public TimeSpan FirstBlock => firstBlock;
    public TimeSpan LongestBlock => longestBlock;

    /// <summary>Whether <paramref name="key"/> is blocked now, and for how much longer.</summary>
    public bool IsBlocked(string key, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!states.TryGetValue(key, out var state))
            return false;
        lock (state)
        {
            var now = clock.GetUtcNow();
            if (state.BlockedUntil > now)
            {
                retryAfter = state.BlockedUntil - now;
                return true;
            }

            return false;
        }
    }

    /// <summary>Counts an attempt (a failed password, a wrong API key, a request to an anonymous page).</summary>
    public void Record(string key)
    {
        var state = states.GetOrAdd(key, _ => new State());
        lock (state)
        {
            var now = clock.GetUtcNow();
            if (now - state.WindowStart > window && state.BlockedUntil + window < now)
            {
                (state.WindowStart, state.Attempts, state.Blocks) = (now, 0, 0);
            }

            state.Attempts++;
            if (state.Attempts >= limit)
            {
                var block = TimeSpan.FromTicks(Math.Min(longestBlock.Ticks, firstBlock.Ticks << Math.Min(state.Blocks, 20)));
                state.BlockedUntil = now + block;
                state.Blocks++;
            }
        }

        if (states.Count > 100_000)
            Forget(clock.GetUtcNow());
    }

    /// <summary>Drops keys long quiet, so a flood of addresses cannot fill memory.</summary>
    void Forget(DateTimeOffset now)
    {
        foreach (var (key, state) in states)
        {
            if (state.BlockedUntil + window < now && now - state.WindowStart > window)
                states.TryRemove(key, out _);
        }
    }

    sealed class State
    {
        public DateTimeOffset WindowStart { get; set; } = DateTimeOffset.MinValue;
        public int Attempts { get; set; }
        public int Blocks { get; set; }
        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
