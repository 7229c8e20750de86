using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using SendWorkflows.Workflows.Advice;
using SendWorkflows.Workflows.Assessment;
using SendWorkflows.Workflows.Council;
using SendWorkflows.Workflows.Review;

namespace SendWorkflows.Workflows.Versioning;

/// <summary>
/// The newest released version of each orchestrator: what a new instance starts on (ADR 0007). Raise a number only
/// together with a new version in the orchestrator's class; a test checks the two agree.
/// </summary>
public static class WorkflowVersions
{
    /// <summary>The version of an instance stored before versions, or started without one.</summary>
    public const string First = "1";

    static readonly Dictionary<string, string> Newest = new(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(AssessmentOrchestrator)] = "2",
        [nameof(AdviceRequestOrchestrator)] = "1",
        [nameof(AnnualReviewOrchestrator)] = "2",
        [nameof(TermlyReviewListOrchestrator)] = "1",
        [nameof(WeeklyDigestOrchestrator)] = "1",
        [nameof(Monitoring.MonitoringVisitOrchestrator)] = "1",
        [nameof(MonthlyReportOrchestrator)] = "1",
    };

    public static IReadOnlyDictionary<string, string> NewestByOrchestrator => Newest;

    /// <summary>The version new instances of <paramref name="orchestrator"/> start on.</summary>
    public static string NewestOf(TaskName orchestrator) =>
        Newest.TryGetValue(orchestrator.Name, out var version) ? version : First;

    /// <summary>The version an instance runs: an empty version (stored before versions) is version 1.</summary>
    public static string Of(TaskOrchestrationContext context) => OrFirst(context.Version);

    public static string OrFirst(string? version) => string.IsNullOrEmpty(version) ? First : version;

    /// <summary>Versions are whole numbers compared as numbers ("10" after "9").</summary>
    public static int Number(string version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"Workflow versions are whole numbers; '{version}' is not.", nameof(version));

    /// <summary>Start options for a new instance on the orchestrator's newest version.</summary>
    public static StartOrchestrationOptions StartOptions(TaskName orchestrator, string instanceId) =>
        new(instanceId) { Version = NewestOf(orchestrator) };
}
