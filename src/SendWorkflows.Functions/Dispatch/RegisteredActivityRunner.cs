using System.Text.Json;
using SendWorkflows.Functions.Adapters;
using SendWorkflows.Orchestration;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// Runs the registry's activity whose name is the triggered activity function's name. The services given are the
/// function's, with the invocation's Durable client (<see cref="DurableClientServices"/>) for activities that start
/// or signal workflows.
/// </summary>
public sealed class RegisteredActivityRunner(DurableTaskRegistry registry)
{
    public Task<object?> RunAsync(string name, string instanceId, JsonElement input, IServiceProvider services)
    {
        if (!registry.Activities.TryGetValue(name, out var create))
        {
            throw new InvalidOperationException(
                $"No activity named '{name}' is registered; the function name must match a registry name.");
        }

        var activity = create(services);
        var context = new PortActivityContext(new FunctionActivityContext(name, instanceId));
        return activity.RunAsync(context, RegisteredInput.Read(input, activity.InputType, name));
    }
}
