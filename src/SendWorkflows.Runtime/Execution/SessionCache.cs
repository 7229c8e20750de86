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

        if (sessions.Count >= capacity)
        {
            // Crude but bounded: forget an arbitrary tenth; those instances replay from storage next time.
            foreach (var key in sessions.Keys.Take(Math.Max(1, capacity / 10)))
            {
                sessions.TryRemove(key, out _);
            }
        }

        sessions[instanceId] = session;
    }

    public void Evict(string instanceId) => sessions.TryRemove(instanceId, out _);

    public void Clear() => sessions.Clear();
}
