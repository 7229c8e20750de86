using SendWorkflows.Workflows.Council;

namespace SendWorkflows.Workflows.InMemory;

/// <summary>
/// The in-memory digest index of a register (ADR 0115): ids filed by <see cref="DigestIndex"/> bucket (months sort before
/// "always"), as the Table stores file copies. Not thread-safe: its owner holds its own lock around each call.
/// </summary>
public sealed class InMemoryDigestBuckets
{
    readonly SortedDictionary<string, SortedSet<string>> idsByBucket = new(StringComparer.Ordinal);

    /// <summary>Moves <paramref name="id"/> from the bucket it was filed under to its new one (either may be none).</summary>
    public void Refile(string id, string? oldBucket, string? newBucket)
    {
        if (oldBucket is not null)
        {
            idsByBucket[oldBucket].Remove(id);
        }

        if (newBucket is not null)
        {
            if (!idsByBucket.TryGetValue(newBucket, out var ids))
            {
                idsByBucket[newBucket] = ids = new SortedSet<string>(StringComparer.Ordinal);
            }

            ids.Add(id);
        }
    }

    /// <summary>The ids in the buckets a digest looking ahead to <paramref name="until"/> reads, bucket by bucket.</summary>
    public IEnumerable<string> Read(DateOnly until) =>
        idsByBucket.Where(b => DigestIndex.IsRead(b.Key, until)).SelectMany(b => b.Value);
}
