namespace SendWorkflows.Workflows;

/// <summary>
/// The rejected-events store as an administrator works through it (ADR 0110): each item with the key that finds it
/// again, and what became of it. An item is never deleted or changed: correcting or dismissing it adds a settlement
/// (who, when, what happened), once.
/// </summary>
public interface IRejectedItems
{
    /// <summary>Every item with its key and settlement, in the store's order (newest first where it keeps time).</summary>
    IAsyncEnumerable<RejectedItem> ItemsAsync(CancellationToken cancellationToken = default);

    Task<RejectedItem?> FindAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Records what became of an open item; false when there is no such item or it was settled already.</summary>
    Task<bool> SettleAsync(string key, RejectedItemSettlement settlement, CancellationToken cancellationToken = default);

    /// <summary>How many items there are and how many are open. A store that keeps counts answers without reading its items.</summary>
    async Task<RejectedCounts> CountAsync(CancellationToken cancellationToken = default)
    {
        var (total, open) = (0, 0);
        await foreach (var item in ItemsAsync(cancellationToken))
        {
            total++;
            open += item.Open ? 1 : 0;
        }

        return new RejectedCounts(total, open);
    }

    /// <summary>The items from position <paramref name="skip"/>, at most <paramref name="take"/>, in <see cref="ItemsAsync"/>'s order, reading no further.</summary>
    async Task<IReadOnlyList<RejectedItem>> PageAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        var page = new List<RejectedItem>();
        var position = 0;
        await foreach (var item in ItemsAsync(cancellationToken))
        {
            if (position++ >= skip)
            {
                page.Add(item);
            }

            if (page.Count >= take)
            {
                break;
            }
        }

        return page;
    }

    /// <summary>
    /// At most <paramref name="take"/> items that come after the item keyed <paramref name="after"/> in
    /// <see cref="ItemsAsync"/>'s order (from the first when null), reading no further. Keys are stable, so a caller
    /// paging by the last key it was given neither repeats nor misses an item when new ones arrive meanwhile.
    /// </summary>
    async Task<IReadOnlyList<RejectedItem>> PageAfterAsync(string? after, int take, CancellationToken cancellationToken = default)
    {
        var page = new List<RejectedItem>();
        var found = after is null;
        await foreach (var item in ItemsAsync(cancellationToken))
        {
            if (page.Count >= take)
            {
                break;
            }

            if (found)
            {
                page.Add(item);
            }

            found |= item.Key == after;
        }

        return page;
    }
}

/// <summary>The rejected items stored, and how many of them nobody has corrected or dismissed yet.</summary>
public sealed record RejectedCounts(int Total, int Open);

/// <summary>One stored rejection, the key that finds it, and what became of it (null while it is open).</summary>
public sealed record RejectedItem(string Key, RejectedEvent Rejected, RejectedItemSettlement? Settlement = null)
{
    public bool Open => Settlement is null;
}

public enum RejectedItemStatus
{
    /// <summary>Corrected and sent again through the same intake, which took it.</summary>
    Resolved,

    /// <summary>Closed by an administrator without resubmitting, with the reason in the note.</summary>
    Dismissed,
}

/// <summary>
/// What became of a rejected item: <paramref name="By"/> is the signed-in administrator; <paramref name="Note"/> says
/// what the resubmission did or why it was dismissed (never personal values: the forms refuse an e-mail address).
/// </summary>
public sealed record RejectedItemSettlement(RejectedItemStatus Status, string By, DateTimeOffset At, string Note);
