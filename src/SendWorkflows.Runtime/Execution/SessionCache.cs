using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace SendWorkflows.Runtime.Execution;

/// <summary>
/// Orchestrator sessions kept alive between episodes. A session is reused only when the instance row proves the
/// stored history is exactly what the session has seen (same generation and event count); anything else replays.
/// </summary>
sealed class SessionCache(int capacity)
{
    readonly ConcurrentDictionary<string, OrchestrationSession> sessions = new(StringComparer.Ordinal);

    /// <summary>
    /// How many sessions are cached, counted here: <see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes every
    /// one of the dictionary's locks, and asking it after every episode cost up to 5 % of a simulation's CPU.
    /// </summary>
    int count;

    public bool TryGet(string instanceId, InstanceRecord record, [NotNullWhen(true)] out OrchestrationSession? session)
    {
        if (sessions.TryGetValue(instanceId, out session)
            && session.Generation == record.Generation
            && session.HistoryCount == record.HistoryCount
            && session.Outcome is null)
        {
            return true;
        }

        Evict(instanceId);
        session = null;
        return false;
    }

    public void Keep(string instanceId, OrchestrationSession session)
    {
        if (capacity <= 0)
        {
            return; // caching off: every episode replays from storage
        }

        if (sessions.TryGetValue(instanceId, out var cached) && ReferenceEquals(cached, session))
        {
            return; // the usual case: the episode ran on the cached session
        }

        if (Volatile.Read(ref count) >= capacity)
        {
            // Crude but bounded: forget an arbitrary tenth; those instances replay from storage next time.
            foreach (var key in sessions.Keys.Take(Math.Max(1, capacity / 10)))
            {
                Evict(key);
            }
        }

        if (sessions.TryAdd(instanceId, session))
        {
            Interlocked.Increment(ref count);
        }
        else
        {
            sessions[instanceId] = session;
        }
    }

    public void Evict(string instanceId)
    {
        if (sessions.TryRemove(instanceId, out _))
        {
            Interlocked.Decrement(ref count);
        }
    }

    public void Clear()
    {
        sessions.Clear();
        Volatile.Write(ref count, 0);
    }
}
