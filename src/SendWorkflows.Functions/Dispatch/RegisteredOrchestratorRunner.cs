using System.Text.Json;
using Microsoft.DurableTask;
using SendWorkflows.Contract;

namespace SendWorkflows.Functions.Dispatch;

/// <summary>
/// Runs the registry's orchestrator whose name is the triggered function's name, on the real context. Every
/// orchestrator function is one line that calls this, so the Functions app and the embedded runtime run the very
/// same classes; the workflows take <see cref="TaskOrchestrationContext"/> itself, so nothing is adapted.
/// </summary>
public sealed class RegisteredOrchestratorRunner(DurableTaskRegistry registry)
{
    readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> orchestrators =
        registry.GetOrchestrators().ToDictionary(o => o.Key.Name, o => o.Value, StringComparer.OrdinalIgnoreCase);

    public async Task<object?> RunAsync(TaskOrchestrationContext context, IServiceProvider services)
    {
        var name = context.Name.Name;
        if (!orchestrators.TryGetValue(name, out var create))
        {
            throw new InvalidOperationException(
                $"No orchestrator named '{name}' is registered; the function name must match a registry name.");
        }

        var orchestrator = create(services);
        var input = RegisteredInput.Read(context.GetInput<JsonElement>(), orchestrator.InputType, name);
        return await orchestrator.RunAsync(context, input);
    }
}

/// <summary>Turns the raw JSON input of an orchestration or activity into the input type its class declares.</summary>
static class RegisteredInput
{
    public static object? Read(JsonElement json, Type inputType, string taskName)
    {
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return json.Deserialize(inputType, OrchestrationJson.Options);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The input of '{taskName}' is not a valid {inputType.Name}: {ex.Message}", ex);
        }
    }
}
