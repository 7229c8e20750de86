using System.Diagnostics;

namespace SendWorkflows.TestSupport;

/// <summary>Bounded polling of something outside the test's control (a child process, its storage), never a timed assertion.</summary>
public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes (then throws naming <paramref name="what"/>).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0}s waiting for {what}.");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100)); // polling an external process, bounded by the deadline
        }
    }
}
