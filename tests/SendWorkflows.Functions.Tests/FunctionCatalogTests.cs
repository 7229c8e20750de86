using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace SendWorkflows.Functions.Tests;

/// <summary>
/// Durable Functions schedules by function name, so every registered orchestrator and activity needs a function of
/// the same name, and every orchestrator or activity function needs a registered class to run.
/// </summary>
public sealed class FunctionCatalogTests
{
    static readonly DurableTaskRegistry Registry = ShellWorkflows.Register(new DurableTaskRegistry());
    static readonly IReadOnlyList<string> OrchestratorNames = [.. Registry.GetOrchestrators().Select(o => o.Key.Name)];
    static readonly IReadOnlyList<string> ActivityNames = [.. Registry.GetActivities().Select(a => a.Key.Name)];

    [Fact]
    public void Every_registered_orchestrator_has_an_orchestrator_function_and_back()
    {
        Assert.NotEmpty(OrchestratorNames);
        Assert.Equal(OrchestratorNames.Order(), FunctionsTriggeredBy<OrchestrationTriggerAttribute>().Order());
    }

    [Fact]
    public void Every_registered_activity_has_an_activity_function_and_back()
    {
        Assert.NotEmpty(ActivityNames);
        Assert.Equal(ActivityNames.Order(), FunctionsTriggeredBy<ActivityTriggerAttribute>().Order());
    }

    [Fact]
    public void Eternal_workflows_are_registered_orchestrators_with_distinct_fixed_ids()
    {
        Assert.All(Workflows.Council.CouncilWorkflows.All, w => Assert.Contains(w.Orchestrator, OrchestratorNames));
        Assert.Equal(Workflows.Council.CouncilWorkflows.All.Count, Workflows.Council.CouncilWorkflows.All.Select(w => w.InstanceId).Distinct().Count());
    }

    static IEnumerable<string> FunctionsTriggeredBy<TTrigger>() where TTrigger : Attribute =>
        typeof(ShellWorkflows).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<TTrigger>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);
}
