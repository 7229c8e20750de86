using System.Runtime;
using SendWorkflows.Host.Simulation;

namespace SendWorkflows.Host.Tests.Simulation;

/// <summary>The collector's latency mode is process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideGcSettings
{
    public const string Name = "process-wide GC settings";
}

[Collection(ProcessWideGcSettings.Name)]
public sealed class BatchCollectionsTests
{
    [Fact]
    public void A_run_collects_in_batch_mode_and_gives_back_the_mode_it_found()
    {
        var found = GCSettings.LatencyMode;
        Assert.NotEqual(GCLatencyMode.Batch, found); // the test host's default (concurrent collections) is interactive

        using (BatchCollections.Begin())
        {
            Assert.Equal(GCLatencyMode.Batch, GCSettings.LatencyMode);
        }

        Assert.Equal(found, GCSettings.LatencyMode);
    }

    [Fact]
    public void Overlapping_runs_keep_batch_mode_until_the_last_one_ends()
    {
        var found = GCSettings.LatencyMode;
        var first = BatchCollections.Begin();
        var second = BatchCollections.Begin();

        first.Dispose();
        first.Dispose(); // a second dispose of the same run must not end the other one
        Assert.Equal(GCLatencyMode.Batch, GCSettings.LatencyMode);

        second.Dispose();
        Assert.Equal(found, GCSettings.LatencyMode);
    }
}
