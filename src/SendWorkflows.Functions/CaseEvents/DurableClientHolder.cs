using Microsoft.DurableTask.Client;

namespace SendWorkflows.Functions.CaseEvents;

/// <summary>
/// The isolated worker hands out a Durable client only to function invocations (the <c>[DurableClient]</c> binding;
/// there is no client factory), yet the Service Bus intake runs outside them. Functions that bind the client pass it
/// here (<c>CaseEventsIntakeHeartbeat</c> does every minute); the extension caches that client for the life of the
/// worker, so the intake may keep using it.
/// </summary>
public sealed class DurableClientHolder
{
    readonly TaskCompletionSource<DurableTaskClient> first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    volatile DurableTaskClient? current;

    public void Offer(DurableTaskClient client)
    {
        current = client;
        first.TrySetResult(client);
    }

    /// <summary>The latest client offered; HTTP triggers offer theirs before the shared web features need one.</summary>
    public DurableTaskClient Offered => current
        ?? throw new InvalidOperationException("No function has offered its Durable client yet: bind [DurableClient] and offer it first.");

    /// <summary>The latest client offered, waiting for the first one.</summary>
    public async Task<DurableTaskClient> GetAsync(CancellationToken cancellation) =>
        current ?? await first.Task.WaitAsync(cancellation);
}
