using System.Diagnostics;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.Settings;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using SendWorkflows.Workflows;
using SendWorkflows.Workflows.Versioning;

namespace SendWorkflows.Functions.Tests;

/// <summary>
/// Durable Functions keeps the version an instance starts on, and its host runs the instance only if that version
/// passes a gate it builds from host.json (ADR 0126). The host (WebJobs extension 3.18.0, which worker extension
/// 1.21.1 names) hands DurableTask.Core's dispatcher <c>VersioningSettings</c> made of durableTask's defaultVersion,
/// versionMatchStrategy (CurrentOrOlder when absent) and versionFailureStrategy (Reject when absent); a version the
/// gate refuses is abandoned and retried for ever, so the instance stays Pending. These tests run that dispatcher, the
/// DurableTask.Core the app's build ships to the host, with the gate built from the app's host.json. The Functions
/// host itself (Core Tools) does not run here; its gRPC start path and context are read from source in ADR 0126.
/// </summary>
public sealed class HostVersionGateTests
{
    const string Orchestration = "ReportsItsVersions";

    [Fact]
    public async Task Every_version_the_app_runs_passes_the_hosts_gate_and_continue_as_new_moves_it_to_the_newest()
    {
        var gate = HostJsonVersionGate.Read("host.json");
        var newest = RegisteredVersions().MaxBy(WorkflowVersions.Number)!;
        var service = new InMemoryOrchestrationService();
        var worker = new TaskHubWorker(service, new EveryNameRunsTheReport(newest), new NoActivities(), gate);
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient(service);
            // No version: an instance stored before versions. Then every version some orchestrator still runs.
            foreach (var version in RegisteredVersions().Prepend(null))
            {
                var instance = await client.CreateOrchestrationInstanceAsync(Orchestration, version!, $"gate-{version ?? "none"}", input: null);
                var state = await FinishedOrStateAsync(client, service, instance, version, newest);

                Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
                Assert.Equal($"\"{version ?? "none"} then {newest}\"", state.Output);
                Assert.Equal(newest, state.Version);
            }
        }
        finally
        {
            await worker.StopAsync(isForced: true);
        }
    }

    [Fact]
    public void The_dispatcher_under_test_is_the_one_the_app_ships_to_the_host()
    {
        var shipped = Path.Combine(FunctionsMetadataTests.AppOutputDirectory(), ".azurefunctions", "DurableTask.Core.dll");
        Assert.True(File.Exists(shipped), $"The app's build shipped no DurableTask.Core for the host at {shipped}");
        Assert.Equal(
            FileVersionInfo.GetVersionInfo(shipped).ProductVersion,
            FileVersionInfo.GetVersionInfo(typeof(TaskHubWorker).Assembly.Location).ProductVersion);
    }

    /// <summary>The distinct versions of every registered orchestrator, oldest first.</summary>
    static IEnumerable<string> RegisteredVersions()
    {
        var none = new ServiceCollection().BuildServiceProvider();
        return WorkflowRegistration.Register(new DurableTaskRegistry()).GetOrchestrators()
            .Select(o => o.Value(none))
            .SelectMany(o => (IReadOnlyList<string>)o.GetType().GetProperty(nameof(VersionedOrchestrator<int, int>.Versions))!.GetValue(o)!)
            .Distinct()
            .OrderBy(WorkflowVersions.Number);
    }

    /// <summary>The finished state, or a failure that says the gate held the instance back (it stays Pending, retried).</summary>
    static async Task<OrchestrationState> FinishedOrStateAsync(
        TaskHubClient client, InMemoryOrchestrationService service, OrchestrationInstance instance, string? version, string newest)
    {
        try
        {
            return await client.WaitForOrchestrationAsync(instance, TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
            var state = await service.GetOrchestrationStateAsync(instance.InstanceId, executionId: null);
            Assert.Fail($"An instance started on version '{version ?? "none"}', to move to '{newest}' at its ContinueAsNew, is still " +
                $"{state?.OrchestrationStatus} after 20 s: host.json's gate refuses one of the two. Raise durableTask.defaultVersion " +
                "to the newest workflow version (ADR 0126).");
            throw;
        }
    }

    /// <summary>Resolves every orchestration by name alone, whatever its version, as the Functions host does.</summary>
    sealed class EveryNameRunsTheReport(string newest) : INameVersionObjectManager<TaskOrchestration>
    {
        public void Add(ObjectCreator<TaskOrchestration> creator) => throw new NotSupportedException();

        public TaskOrchestration GetObject(string name, string? version) => new ReportsItsVersions(newest);
    }

    sealed class NoActivities : INameVersionObjectManager<TaskActivity>
    {
        public void Add(ObjectCreator<TaskActivity> creator) => throw new NotSupportedException();

        public TaskActivity? GetObject(string name, string? version) => null;
    }

    /// <summary>Reports the version it started on, then moves to the newest at its ContinueAsNew, as the eternal workflows do.</summary>
    sealed class ReportsItsVersions(string newest) : TaskOrchestration<string, string?>
    {
        public override Task<string> RunTask(OrchestrationContext context, string? firstVersion)
        {
            if (firstVersion is null)
            {
                context.ContinueAsNew(newest, string.IsNullOrEmpty(context.Version) ? "none" : context.Version);
                return Task.FromResult("");
            }

            return Task.FromResult($"{firstVersion} then {context.Version}");
        }
    }
}

/// <summary>
/// The version gate the Durable Functions host builds from host.json (WebJobs extension 3.18.0,
/// <c>DurableTaskExtension.InitializeTaskHubWorker</c>), with <c>DurableTaskOptions</c>' defaults for what is absent.
/// </summary>
static class HostJsonVersionGate
{
    public static VersioningSettings Read(string hostJsonPath)
    {
        var durableTask = JsonNode.Parse(File.ReadAllText(hostJsonPath))!["extensions"]!["durableTask"]!;
        return new VersioningSettings
        {
            Version = durableTask["defaultVersion"]?.GetValue<string>()!,
            MatchStrategy = Enum.Parse<VersioningSettings.VersionMatchStrategy>(
                durableTask["versionMatchStrategy"]?.GetValue<string>() ?? nameof(VersioningSettings.VersionMatchStrategy.CurrentOrOlder), ignoreCase: true),
            FailureStrategy = Enum.Parse<VersioningSettings.VersionFailureStrategy>(
                durableTask["versionFailureStrategy"]?.GetValue<string>() ?? nameof(VersioningSettings.VersionFailureStrategy.Reject), ignoreCase: true),
        };
    }
}
