using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask;

namespace SendWorkflows.Runtime.Tests;

/// <summary>An orchestrator written inline in a test.</summary>
sealed class InlineOrchestrator<TIn, TOut>(Func<TaskOrchestrationContext, TIn, Task<TOut>> body) : TaskOrchestrator<TIn, TOut>
{
    public override Task<TOut> RunAsync(TaskOrchestrationContext context, TIn input) => body(context, input);
}

/// <summary>An activity written inline in a test.</summary>
sealed class InlineActivity<TIn, TOut>(Func<TaskActivityContext, TIn, Task<TOut>> body) : TaskActivity<TIn, TOut>
{
    public override Task<TOut> RunAsync(TaskActivityContext context, TIn input) => body(context, input);
}

/// <summary>A registry, a virtual clock and a store, from which runtimes are built (several, for restarts).</summary>
sealed class Harness(IOrchestrationStore store) : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    readonly List<EmbeddedDurableRuntime> runtimes = [];

    public VirtualClock Clock { get; } = new(Start);
    public DurableTaskRegistry Registry { get; } = new();
    public IOrchestrationStore Store { get; } = store;

    /// <summary>How many times each activity body ran, by activity name.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public Harness Orchestrator<TIn, TOut>(string name, Func<TaskOrchestrationContext, TIn, Task<TOut>> body)
    {
        Registry.AddOrchestrator(name, () => new InlineOrchestrator<TIn, TOut>(body));
        return this;
    }

    public Harness Activity<TIn, TOut>(string name, Func<TaskActivityContext, TIn, Task<TOut>> body)
    {
        Registry.AddActivity(name, _ => new InlineActivity<TIn, TOut>((context, input) =>
        {
            Calls.AddOrUpdate(name, 1, (_, n) => n + 1);
            return body(context, input);
        }));
        return this;
    }

    public int CallsTo(string activity) => Calls.GetValueOrDefault(activity);

    /// <summary>Every runtime made here owns the store alone (no leases), as a simulation shard's does.</summary>
    public bool ExclusiveStore { get; init; }

    /// <summary>Every runtime made here hands activities their inputs by reference, as a simulation shard's does (ADR 0017).</summary>
    public bool ActivityInputsByReference { get; init; }

    /// <summary>Every runtime made here hands orchestrations their inputs and events by reference, as a simulation shard's does (ADR 0136).</summary>
    public bool OrchestrationInputsByReference { get; init; }

    /// <summary>Every runtime made here feeds activity results straight into the next episode (ADR 0107, 0130); false to write them first.</summary>
    public bool ActivityResultsInSameStep { get; init; } = true;

    /// <summary>Every runtime made here starts a new instance with its first episode (ADR 0133).</summary>
    public bool FirstEpisodeAtStart { get; init; }

    public EmbeddedDurableRuntime NewRuntime(EmbeddedRuntimeOptions? options = null, DurableTaskRegistry? registry = null, IOrchestrationStore? store = null)
    {
        if (ExclusiveStore)
        {
            options = (options ?? new EmbeddedRuntimeOptions()) with { ExclusiveStore = true };
        }

        if (ActivityInputsByReference)
        {
            options = (options ?? new EmbeddedRuntimeOptions()) with { ActivityInputsByReference = true };
        }

        if (OrchestrationInputsByReference)
        {
            options = (options ?? new EmbeddedRuntimeOptions()) with { OrchestrationInputsByReference = true };
        }

        if (!ActivityResultsInSameStep)
        {
            options = (options ?? new EmbeddedRuntimeOptions()) with { ActivityResultsInSameStep = false };
        }

        if (FirstEpisodeAtStart)
        {
            options = (options ?? new EmbeddedRuntimeOptions()) with { FirstEpisodeAtStart = true };
        }

        var runtime = new EmbeddedDurableRuntime(registry ?? Registry, EmptyServices.Instance, store ?? Store, Clock, options);
        runtimes.Add(runtime);
        return runtime;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runtime in runtimes)
        {
            await runtime.DisposeAsync();
        }
    }
}

static class EmptyServices
{
    public static readonly IServiceProvider Instance = new ServiceCollection().BuildServiceProvider();
}
