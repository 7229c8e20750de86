using System.Text.Json;
using Microsoft.DurableTask;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// Runs the registry's activity whose name is the triggered activity function's name. The services given are the
/// function's, with the invocation's Durable client (<see cref="DurableClientServices"/>) for activities that start
/// or signal workflows.
/// </summary>
public sealed class RegisteredActivityRunner(DurableTaskRegistry registry)
{
    readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> activities =
        registry.GetActivities().ToDictionary(a => a.Key.Name, a => a.Value, StringComparer.OrdinalIgnoreCase);

    public Task<object?> RunAsync(string name, string instanceId, JsonElement input, IServiceProvider services)
    {
        if (!activities.TryGetValue(name, out var create))
        {
            throw new InvalidOperationException(
                $"No activity named '{name}' is registered; the function name must match a registry name.");
        }

        var activity = create(services);
        return activity.RunAsync(new FunctionActivityContext(new TaskName(name), instanceId), RegisteredInput.Read(input, activity.InputType, name));
    }
}
