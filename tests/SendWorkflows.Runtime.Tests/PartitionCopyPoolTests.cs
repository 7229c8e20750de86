using SendWorkflows.Runtime.Execution;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// A processor's local copy of a partition is taken from the runtime's spares and given back cleared, so the next
/// processor starts from nothing, as with a new copy. (What a wake allocates is a benchmark figure, not a test.)
/// </summary>
public sealed class PartitionCopyPoolTests
{
    [Fact]
    public void A_returned_copy_is_handed_out_again_empty_and_fills_in_the_order_entries_are_added()
    {
        var pool = new PartitionCopyPool(capacity: 2);
        var copy = pool.Rent();
        copy.Messages["b"] = Timer("b");
        copy.Messages["a"] = Timer("a");
        copy.Activities["act|0|1"] = new ActivityWorkItem("act|0|1", 0, 1, "Notify", null);
        copy.Outbox["out|0|2"] = new OutboxMessage("out|0|2", "other", Timer("x"), null, null);
        copy.Due.Add(Timer("a"));

        pool.Return(copy);
        var again = pool.Rent();

        Assert.Same(copy, again);
        Assert.Empty(again.Messages);
        Assert.Empty(again.Activities);
        Assert.Empty(again.Outbox);
        Assert.Empty(again.Due);
        again.Messages["z"] = Timer("z");
        again.Messages["y"] = Timer("y");
        Assert.Equal(["z", "y"], again.Messages.Keys);
    }

    [Fact]
    public void A_copy_grown_past_the_kept_size_is_dropped_and_the_pool_keeps_no_more_than_its_capacity()
    {
        var pool = new PartitionCopyPool(capacity: 1);
        var large = pool.Rent();
        for (var i = 0; i < 100; i++)
        {
            large.Messages[$"m{i}"] = Timer($"m{i}");
        }

        pool.Return(large);
        Assert.NotSame(large, pool.Rent());

        var first = new PartitionCopy();
        var second = new PartitionCopy();
        pool.Return(first);
        pool.Return(second);
        Assert.Same(first, pool.Rent());
        Assert.NotSame(second, pool.Rent());
    }

    static InboxMessage Timer(string id) => new(id, DateTimeOffset.UnixEpoch, new TimerFired(1, DateTimeOffset.UnixEpoch), 0);
}
