using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>ADR 0138: notifications.jsonl's merge runs a few batches ahead of its JSON, on another task.</summary>
public sealed class ReadAheadTests
{
    [Fact]
    public async Task Items_come_back_all_and_in_order_across_batches()
    {
        var read = new List<int>();
        await foreach (var item in SimulationOutput.ReadAhead(Enumerable.Range(0, 10_001), batch: 100))
        {
            read.Add(item);
        }

        Assert.Equal(Enumerable.Range(0, 10_001), read);
    }

    [Fact]
    public async Task A_failure_while_reading_ahead_reaches_the_caller()
    {
        static IEnumerable<int> FailsAfterTwoBatches()
        {
            for (var i = 0; i < 200; i++)
            {
                yield return i;
            }

            throw new IOException("spilled file unreadable");
        }

        var read = new List<int>();
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var item in SimulationOutput.ReadAhead(FailsAfterTwoBatches(), batch: 100))
            {
                read.Add(item);
            }
        });

        Assert.Equal("spilled file unreadable", error.Message);
        Assert.Equal(Enumerable.Range(0, 200), read);
    }

    [Fact]
    public async Task A_caller_that_stops_early_stops_the_reading_and_lets_the_source_go()
    {
        var disposed = new TaskCompletionSource();
        var produced = 0;
        IEnumerable<int> Endless()
        {
            try
            {
                while (true)
                {
                    yield return Interlocked.Increment(ref produced);
                }
            }
            finally
            {
                disposed.SetResult();
            }
        }

        await foreach (var item in SimulationOutput.ReadAhead(Endless(), batch: 10))
        {
            if (item == 25)
            {
                break;
            }
        }

        Assert.True(disposed.Task.IsCompleted);
        Assert.InRange(Volatile.Read(ref produced), 25, 25 + (10 * 6));
    }
}
