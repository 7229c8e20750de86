using System.Text.Json.Nodes;
using SendWorkflows.Functions.Dispatch;

namespace SendWorkflows.Functions.Tests;

/// <summary>
/// The functions.metadata the Functions SDK's build writes next to the app (and publishes with it) is what the
/// Functions host indexes: every function must be in it with its trigger. Read from the app's build output, which
/// this test project's build produces first.
/// </summary>
public sealed class FunctionsMetadataTests
{
    static readonly Dictionary<string, List<string>> BindingsByFunction = Read();

    static Dictionary<string, List<string>> Read()
    {
        var path = Path.Combine(AppOutputDirectory(), "functions.metadata");
        Assert.True(File.Exists(path), $"The Functions SDK wrote no functions.metadata at {path}");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray()
            .ToDictionary(
                f => f!["name"]!.GetValue<string>(),
                f => f!["bindings"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()).ToList());
    }

    /// <summary>The app's own output folder, same configuration and framework as this test assembly's.</summary>
    static string AppOutputDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repo = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repo, "src", "SendWorkflows.Functions", "bin", configuration, framework);
    }

    [Theory]
    [InlineData("PostCaseEvent", "httpTrigger")]
    [InlineData("GetWorkflowInstance", "httpTrigger")]
    [InlineData("ProfessionalResponse", "httpTrigger")]
    [InlineData("DispatchEmailOutbox", "timerTrigger")]
    [InlineData("EnsureEternalWorkflows", "timerTrigger")]
    [InlineData("CaseEventsIntakeHeartbeat", "timerTrigger")]
    [InlineData("CaseEventsFromStorageQueue", "queueTrigger")]
    [InlineData("ImportFromBlob", "blobTrigger")]
    [InlineData("ImportFromHttp", "httpTrigger")]
    public void Each_entry_point_is_listed_with_its_trigger(string function, string trigger) =>
        Assert.Contains(trigger, BindingsByFunction[function]);

    [Fact]
    public void Every_workflow_orchestrator_and_activity_is_listed_as_one()
    {
        var orchestrators = new[] { WorkflowFunctions.Assessment, WorkflowFunctions.AdviceRequest, WorkflowFunctions.AnnualReview,
            WorkflowFunctions.TermlyReviewList, WorkflowFunctions.WeeklyDigest };
        var activities = ShellWorkflows.Register(new Microsoft.DurableTask.DurableTaskRegistry()).GetActivities().Select(a => a.Key.Name).ToList();

        Assert.All(orchestrators, name => Assert.Contains("orchestrationTrigger", BindingsByFunction[name]));
        Assert.NotEmpty(activities);
        Assert.All(activities, name => Assert.Contains("activityTrigger", BindingsByFunction[name]));
    }

    [Fact]
    public void The_durable_extension_is_registered_for_the_host()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(AppOutputDirectory(), "extensions.json")))!["extensions"]!.AsArray()
            .Select(e => e!["name"]!.GetValue<string>()).ToList();

        Assert.Contains("DurableTask", extensions);
    }
}
