namespace SendWorkflows.Infrastructure.Tables;

/// <summary>
/// Work a store does once, such as creating its table: every caller shares the first attempt, and one that failed or
/// was cancelled is started again by the next caller. Doing it twice must be harmless (CreateIfNotExists is), so a
/// race between two first callers needs no lock.
/// </summary>
sealed class OnceUntilDone(Func<CancellationToken, Task> start)
{
    Task? current;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = Volatile.Read(ref current);
        if (attempt is null || attempt.IsFaulted || attempt.IsCanceled)
        {
            attempt = start(cancellationToken);
            Volatile.Write(ref current, attempt);
        }

        return attempt;
    }
}
