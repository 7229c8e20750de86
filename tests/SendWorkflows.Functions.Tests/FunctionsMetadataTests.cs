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
    internal static string AppOutputDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repo = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(repo, "src", "SendWorkflows.Functions", "bin", configuration, framework);
    }

    [Theory]
    [InlineData("Dashboard", "httpTrigger")]
    [InlineData("DashboardAdmin", "httpTrigger")]
    [InlineData("StaffApi", "httpTrigger")]
    [InlineData("IntakeEvents", "httpTrigger")]
    [InlineData("IntakeCaseload", "httpTrigger")]
    [InlineData("IntakeContacts", "httpTrigger")]
    [InlineData("ResponseLinkPage", "httpTrigger")]
    [InlineData("ResponseLinkAnswer", "httpTrigger")]
    [InlineData("SurveyPage", "httpTrigger")]
    [InlineData("SurveyAnswer", "httpTrigger")]
    [InlineData("Assets", "httpTrigger")]
    [InlineData("Health", "httpTrigger")]
    [InlineData("SignOut", "httpTrigger")]
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

    /// <summary>
    /// The web functions' routes (ADR 0080): the shared web features' addresses, and no two functions of one method
    /// on overlapping routes, because the Functions host picks among matching routes by function name, not precedence.
    /// </summary>
    [Fact]
    public void The_web_functions_answer_at_the_local_hosts_addresses_without_overlapping()
    {
        var routes = HttpRoutes();

        Assert.Equal("dashboard/{*path}", routes[("Dashboard", "get")]);
        Assert.Equal("dashboard/{*path}", routes[("DashboardAdmin", "post")]);
        Assert.Equal("respond/{caseId}/{token}", routes[("ResponseLinkPage", "get")]);
        Assert.Equal("respond/{caseId}/{token}", routes[("ResponseLinkAnswer", "post")]);
        Assert.Equal("api/events", routes[("IntakeEvents", "post")]);
        Assert.Equal("assets/{*path}", routes[("Assets", "get")]);
        foreach (var method in routes.Keys.Select(k => k.Method).Distinct())
        {
            var ofMethod = routes.Where(r => r.Key.Method == method).ToList();
            foreach (var (key, route) in ofMethod)
            {
                Assert.DoesNotContain(ofMethod, other => other.Key != key && Overlaps(route, other.Value));
            }
        }
    }

    /// <summary>Whether a request could match both: literal prefixes agree up to a parameter or catch-all.</summary>
    static bool Overlaps(string first, string second)
    {
        var (a, b) = (first.Split('/'), second.Split('/'));
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var (x, y) = (i < a.Length ? a[i] : null, i < b.Length ? b[i] : null);
            if (x?.StartsWith("{*", StringComparison.Ordinal) == true || y?.StartsWith("{*", StringComparison.Ordinal) == true)
                return true;
            if (x is null || y is null)
                return false;
            if (!x.StartsWith('{') && !y.StartsWith('{') && !string.Equals(x, y, StringComparison.OrdinalIgnoreCase))
                return false;
        }

        return true;
    }

    static Dictionary<(string Function, string Method), string> HttpRoutes() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppOutputDirectory(), "functions.metadata")))!.AsArray()
            .SelectMany(f => f!["bindings"]!.AsArray()
                .Where(b => b!["type"]!.GetValue<string>() == "httpTrigger")
                .SelectMany(b => b!["methods"]!.AsArray().Select(m => (
                    Key: (f["name"]!.GetValue<string>(), m!.GetValue<string>()),
                    Route: b["route"]!.GetValue<string>()))))
            .ToDictionary(r => r.Key, r => r.Route);

    [Fact]
    public void The_durable_extension_is_registered_for_the_host()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(AppOutputDirectory(), "extensions.json")))!["extensions"]!.AsArray()
            .Select(e => e!["name"]!.GetValue<string>()).ToList();

        Assert.Contains("DurableTask", extensions);
    }
}
