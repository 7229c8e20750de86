using System.Runtime;

namespace SendWorkflows.Host.Simulation;

/// <summary>
/// The garbage collector in batch mode (no background collections) while <c>simulate</c> runs its year: a run that
/// answers nobody until it ends gains nothing from collecting beside the workflows, and the measured year took 5-10 %
/// less CPU with fewer collections (docs/benchmarks.md, eleventh round; ADR 0135). Set at run time by the command alone,
/// unlike a runtimeconfig switch, so <c>serve</c> keeps its concurrent collector. Process-wide: overlapping runs (tests
/// in one process) are counted, and the mode found before the first is restored when the last ends.
/// </summary>
static class BatchCollections
{
    static readonly Lock Gate = new();
    static int running;
    static GCLatencyMode before;

    public static IDisposable Begin()
    {
        lock (Gate)
        {
            if (running++ == 0)
            {
                before = GCSettings.LatencyMode;
                GCSettings.LatencyMode = GCLatencyMode.Batch;
            }
        }

        return new Run();
    }

    static void End()
    {
        lock (Gate)
        {
            if (--running == 0)
            {
                GCSettings.LatencyMode = before;
            }
        }
    }

    sealed class Run : IDisposable
    {
        int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                End();
            }
        }
    }
}
