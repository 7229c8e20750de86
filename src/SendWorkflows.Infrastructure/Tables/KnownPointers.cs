using System.Collections.Concurrent;
using Azure;

namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// What this process knows of the register index's plan pointers (ADR 0127), so that a write need not read the pointer
/// first: the pointer of each plan it wrote, as its by-due copy left it (JSON, <c>DueCounted</c> and ETag, ADR 0134), and
/// whether the index held no plan when this process opened it, in which case a plan it never wrote is taken as new.
/// Both are guesses that a conditional write checks: a remembered pointer changed since fails its ETag, a plan
/// another process added fails the insert, and the write then reads the pointer as before.
/// </summary>
sealed class KnownPointers
{
    /// <summary>About a large council's caseload: about 1 KB a plan. Past it, a plan not remembered is no longer known to be new.</summary>
    const int Capacity = 25_000;

    /// <summary>Null: the plan was written (or is being written) here, but its pointer as it stands is not known.</summary>
    readonly ConcurrentDictionary<string, Pointer?> plans = new(StringComparer.Ordinal);
    volatile bool indexWasEmpty;

    public sealed record Pointer(string Json, bool DueCounted, ETag ETag);

    /// <summary>The index held no plan pointer when this process opened it.</summary>
    public void IndexWasEmpty() => indexWasEmpty = true;

    /// <summary>
    /// What a write of <paramref name="json"/> may start from without a read: true with the remembered pointer, or true
    /// with null when the plan is taken as new; false when the pointer must be read, which includes a remembered pointer
    /// that already holds <paramref name="json"/> (a repeated write must see the row as it is, since it writes nothing
    /// that a changed ETag could refuse). Marks the plan as written here either way.
    /// </summary>
    public bool TryStartFrom(string planKey, string json, out Pointer? pointer)
    {
        if (plans.TryGetValue(planKey, out pointer))
        {
            Forget(planKey);
            return pointer is not null && pointer.Json != json;
        }

        pointer = null;
        Forget(planKey);
        return indexWasEmpty;
    }

    /// <summary>The pointer as a write just left it (after its by-due copy was made; its marking may still be pending, ADR 0134).</summary>
    public void Remember(string planKey, Pointer pointer)
    {
        if (plans.ContainsKey(planKey) || Room())
        {
            plans[planKey] = pointer;
        }
    }

    /// <summary>The pointer's by-due marking landed (ADR 0134): a remembered pointer still at the ETag it was marked under takes the new one.</summary>
    public void Marked(string planKey, ETag was, ETag now)
    {
        if (plans.TryGetValue(planKey, out var pointer) && pointer is not null && pointer.ETag == was)
        {
            plans.TryUpdate(planKey, now == default ? null : pointer with { ETag = now }, pointer);
        }
    }

    /// <summary>The plan's pointer is no longer known (a write of it failed, or is under way), but it is not new.</summary>
    public void Forget(string planKey)
    {
        if (plans.ContainsKey(planKey) || Room())
        {
            plans[planKey] = null;
        }
    }

    bool Room()
    {
        if (plans.Count < Capacity)
        {
            return true;
        }

        indexWasEmpty = false; // a plan written here may now be missing, so none is known to be new
        return false;
    }
}
