using SendWorkflows.Runtime.Execution;

namespace SendWorkflows.Runtime.Tests;

/// <summary>
/// The ids of the messages that wait in an instance's inbox, often for months of a simulated year, are shared rather
/// than made at every step (ADR 0137). (What a pending timer allocates is a figure for the benchmark notes, not a test.)
/// </summary>
public sealed class TaskMessageIdsTests
{
    [Fact]
    public void The_ids_of_a_tasks_messages_are_shared_between_instances()
    {
        var first = EpisodeCommitBuilder.Id("timer", 0, 3);
        var second = EpisodeCommitBuilder.Id("timer", 0, 3);

        Assert.Equal("timer|0|3", first);
        Assert.Same(first, second);
        Assert.Same(EpisodeCommitBuilder.Id("result", 1, 255), EpisodeCommitBuilder.Id("result", 1, 255));

        // Past the shared range (and for other kinds) the id is made as before.
        Assert.Equal("timer|8|3", EpisodeCommitBuilder.Id("timer", 8, 3));
        Assert.Equal("child|0|3", EpisodeCommitBuilder.Id("child", 0, 3));
    }
}
