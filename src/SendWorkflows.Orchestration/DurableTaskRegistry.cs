using Microsoft.Extensions.DependencyInjection;

namespace SendWorkflows.Orchestration;

/// <summary>
/// Names the orchestrators and activities a host can run, as in <c>Microsoft.DurableTask.DurableTaskRegistry</c>.
/// The workflows register themselves once; the embedded runtime and the Functions shell both read this.
/// </summary>
public sealed class DurableTaskRegistry
{
    readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> orchestrators = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> activities = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyDictionary<string, Func<IServiceProvider, ITaskOrchestrator>> Orchestrators => orchestrators;

    public IReadOnlyDictionary<string, Func<IServiceProvider, ITaskActivity>> Activities => activities;

    /// <summary>Registers an orchestrator under its class name, built through DI on every run.</summary>
    public DurableTaskRegistry AddOrchestrator<T>() where T : class, ITaskOrchestrator =>
        AddOrchestrator(typeof(T).Name, sp => ActivatorUtilities.CreateInstance<T>(sp));

    public DurableTaskRegistry AddOrchestrator(TaskName name, Func<IServiceProvider, ITaskOrchestrator> factory)
    {
        if (!orchestrators.TryAdd(name.Name, factory))
        {
            throw new ArgumentException($"An orchestrator named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Registers an activity under its class name, built through DI on every call.</summary>
    public DurableTaskRegistry AddActivity<T>() where T : class, ITaskActivity =>
        AddActivity(typeof(T).Name, sp => ActivatorUtilities.CreateInstance<T>(sp));

    public DurableTaskRegistry AddActivity(TaskName name, Func<IServiceProvider, ITaskActivity> factory)
    {
        if (!activities.TryAdd(name.Name, factory))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }

        return this;
    }
}
