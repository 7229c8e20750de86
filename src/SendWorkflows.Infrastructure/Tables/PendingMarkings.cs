using System.Collections.Concurrent;
using Azure;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// By-due copies this process made after its own transactions and has not yet marked on their pointers (ADR 0134). The
/// marking, a merge of the pointer under the ETag the transaction returned, rides on the next transaction of the
/// register index's partition instead of a request of its own. Until it lands the pointer says "not synced", which only
/// the hosts' index pass reads (it copies the plan again: harmless, as after a crash).
/// </summary>
sealed class PendingMarkings
{
    /// <summary>At most this many ride on one transaction (a transaction holds 100 actions; a plan's own take at most 6).</summary>
    public const int PerTransaction = 16;

    /// <param name="PointerETag">The pointer's ETag as the plan's transaction left it: the marking is conditional on it.</param>
    /// <param name="Written">The by-due row the copy wrote: if the marking fails, a newer pointer may not name it, so the plan is copied again with it deleted.</param>
    public sealed record Marking(string PlanKey, string PlanId, ETag PointerETag, string Written);

    readonly ConcurrentDictionary<string, Marking> pending = new(StringComparer.Ordinal);

    public void Add(Marking marking) => pending[marking.PlanKey] = marking;

    /// <summary>A write of the plan is starting: its transaction replaces the pointer, so this marking could only fail.</summary>
    public void Drop(string planKey) => pending.TryRemove(planKey, out _);

    /// <summary>Takes up to <paramref name="max"/> markings of plans other than <paramref name="exceptPlanKey"/>.</summary>
    public List<Marking> Take(int max, string? exceptPlanKey = null)
    {
        var taken = new List<Marking>();
        foreach (var key in pending.Keys)
        {
            if (taken.Count >= max)
            {
                break;
            }

            if (key != exceptPlanKey && pending.TryRemove(key, out var marking))
            {
                taken.Add(marking);
            }
        }

        return taken;
    }

    /// <summary>Markings taken into a transaction that failed for another reason go back, unless a newer one came meanwhile.</summary>
    public void Return(IEnumerable<Marking> markings)
    {
        foreach (var marking in markings)
        {
            pending.TryAdd(marking.PlanKey, marking);
        }
    }
}
